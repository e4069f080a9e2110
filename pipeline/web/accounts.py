"""Desk accounts: roles, links to the configuration's officials and pelaksana, and argon2
password hashes (argon2-cffi's defaults, RFC 9106's low-memory profile).

Used by `kunjungan users ...` and by the admin's page; free of Flask so the CLI stays light."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.config import Config, normalise_nip
from pipeline.errors import KunjunganError, NotFoundError, UsageError

if TYPE_CHECKING:
    from pipeline.store.db import Account, Store

# Every account role, with its label for people. The first four are the SOP's roles; an
# arsiparis reads and downloads; an admin manages accounts.
ROLE_LABELS: dict[str, str] = {
    "sekretariat": "Sekretariat",
    "kepala_dinas": "Kepala Dinas",
    "kepala_uptd": "Kepala UPTD TCC",
    "pelaksana": "Pelaksana",
    "arsiparis": "Arsiparis",
    "admin": "Admin",
}
ROLES = tuple(ROLE_LABELS)
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 200  # argon2 takes any length; a megabyte "password" is a denial of service

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
_hasher = PasswordHasher()


@dataclass(frozen=True)
class NewAccount:
    """An account as asked for, checked against the configuration (`checked_account`)."""

    username: str
    full_name: str
    role: str
    email: str | None
    official: str | None  # config key of an official, or a pelaksana's NIP (normalised)


def checked_account(config: Config, username: str, role: str, full_name: str | None = None,
                    email: str | None = None, official: str | None = None,
                    nip: str | None = None) -> NewAccount:
    """Validate a new account. A Kepala Dinas or Kepala UPTD account is linked to its official
    in the configuration (named by `official`, or by the role alone); a pelaksana account to a
    pelaksana of the roster by NIP; the name defaults to the linked person's."""
    username = username.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise UsageError("nama pengguna: 2-40 huruf kecil, angka, titik, garis bawah atau "
                         "tanda hubung, diawali huruf atau angka")
    if role not in ROLE_LABELS:
        raise UsageError(f"peran {role!r} tidak dikenal; pilih: {', '.join(ROLES)}")
    link: str | None = None
    person: str | None = None
    if official is not None or role in config.officials:
        key = official or role
        if key not in config.officials:
            raise UsageError(f"pejabat {key!r} tidak ada di konfigurasi; pilih: "
                             f"{', '.join(config.officials)}")
        if key != role:
            raise UsageError(f"akun pejabat {key} harus berperan {key}, bukan {role}")
        link, person = key, config.officials[key].name
    if nip is not None:
        if role != "pelaksana":
            raise UsageError("--nip hanya untuk akun berperan pelaksana")
        pelaksana = config.pelaksana_by_nip(nip)
        if pelaksana is None:
            raise UsageError(f"NIP {nip} tidak ada di daftar pelaksana konfigurasi")
        link, person = normalise_nip(pelaksana.nip), pelaksana.name
    elif role == "pelaksana":
        raise UsageError("akun pelaksana harus ditautkan ke pelaksana di konfigurasi: --nip NIP")
    name = (full_name or "").strip() or person
    if not name:
        raise UsageError("nama lengkap wajib diisi (--name)")
    email = (email or "").strip() or None
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise UsageError(f"alamat e-mail tidak valid: {email}")
    return NewAccount(username, name, role, email, link)


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsageError(f"kata sandi paling sedikit {MIN_PASSWORD_CHARS} karakter")
    if len(password) > MAX_PASSWORD_CHARS:
        raise UsageError(f"kata sandi paling banyak {MAX_PASSWORD_CHARS} karakter")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(checked_password(password))


def password_matches(account: Account, password: str) -> bool:
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        return _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher.hash("x" * MIN_PASSWORD_CHARS)


def burn_time(password: str) -> None:
    """Check a password against a made-up hash when the username does not exist, so that a
    login for a missing account takes as long as one for a real account."""
    with suppress(VerificationError):
        _hasher.verify(_dummy_hash(), password[:MAX_PASSWORD_CHARS])


def check_name_free(store: Store, username: str) -> None:
    """Before asking for a password: is the username still free?"""
    try:
        store.account_named(username)
    except NotFoundError:
        return
    raise UsageError(f"nama pengguna {username!r} sudah dipakai")


def add_account(store: Store, account: NewAccount, password: str) -> Account:
    return store.add_account(account.username, account.full_name, account.role, account.email,
                             hash_password(password), account.official, datetime.now(UTC))


def set_password(store: Store, username: str, password: str) -> Account:
    """A new password; the account's open sessions end."""
    return store.change_account(username, password_hash=hash_password(password))


def leaves_no_admin(changed: Account, accounts: Sequence[Account]) -> bool:
    """Would the desk lose its last active admin if `changed` (an account as it would be:
    disabled, or given another role) took its place among `accounts`? Then nobody could manage
    accounts on the web any more. An office that never had an admin loses nothing."""
    def admins(among: Iterable[Account]) -> list[Account]:
        return [a for a in among if a.active and a.role == "admin"]

    return bool(admins(accounts)) and not admins(
        changed if a.id == changed.id else a for a in accounts)


def disable(store: Store, username: str, by: str | None = None) -> Account:
    """No more logins; the account's open sessions end. Its name stays in the event log.
    Refused for the account asking (`by`, the admin at the web desk: an admin never locks
    themselves out) and for the last active admin."""
    def keep_an_admin(changed: Account, accounts: list[Account]) -> None:
        if by is not None and changed.username == by:
            raise KunjunganError("akun Anda sendiri tidak dapat dinonaktifkan; minta admin "
                                 "lain melakukannya")
        if leaves_no_admin(changed, accounts):
            raise KunjunganError(f"akun {changed.username} adalah admin aktif terakhir dan "
                                 "tidak dapat dinonaktifkan; tambah admin lain dulu")

    return store.change_account(username, active=False, check=keep_an_admin)
