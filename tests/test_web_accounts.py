"""Desk accounts: `kunjungan users add|list|disable|password` and the admin's page. Passwords
come from getpass or one line of stdin, never from the command line; hashes are argon2."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from conftest import PELAKSANA_NIP, CliRunner, Office, both_databases
from flask.testing import FlaskClient

from pipeline.store.db import Account
from pipeline.web.accounts import leaves_no_admin
from pipeline.web.app import create_app

PASSWORD = "kata-sandi-rahasia-1"


def with_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_users_add_links_officials_and_pelaksana_from_the_config(
        office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    with_stdin(monkeypatch, PASSWORD + "\n")
    done = kunjungan("users", "add", "Bambang", "--role", "kepala_dinas", "--password-stdin")
    assert done.code == 0, done.err
    assert "Akun bambang (Kepala Dinas, Ir. Bambang Setiawan, M.T., tertaut ke kepala_dinas)" \
        in done.out
    with_stdin(monkeypatch, PASSWORD + "\n")
    nip = PELAKSANA_NIP
    spaced_nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    done = kunjungan("users", "add", "andi", "--role", "pelaksana", "--nip", spaced_nip,
                     "--email", "andi@tarakankota.go.id", "--password-stdin")
    assert done.code == 0, done.err
    listed = {a["username"]: a for a in kunjungan("users", "list", "--json").json()}
    assert listed["bambang"]["official"] == "kepala_dinas"
    assert listed["andi"] == {"username": "andi", "full_name": "Andi Saputra, S.Kom.",
                              "role": "pelaksana", "email": "andi@tarakankota.go.id",
                              "official": PELAKSANA_NIP, "active": True}
    stored = office.store().account_named("andi").password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--role", "pelaksana"], 2, "akun pelaksana harus ditautkan ke pelaksana di konfigurasi"),
    (["--role", "pelaksana", "--nip", "199001012015011001"], 2,
     "NIP 199001012015011001 tidak ada di daftar pelaksana"),
    (["--role", "kepala_uptd", "--official", "kepala_dinas"], 2,
     "akun pejabat kepala_dinas harus berperan kepala_dinas"),
    (["--role", "direktur"], 2, "tidak valid"),
])
def test_users_add_refuses_links_the_config_does_not_hold(
        kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int,
        message: str) -> None:
    with_stdin(monkeypatch, PASSWORD + "\n")
    done = kunjungan("users", "add", "someone", "--name", "Seseorang", *args,
                     "--password-stdin")
    assert done.code == code
    assert done.err.startswith("galat: ") and message in done.err
    assert len(done.err.strip().splitlines()) == 1


def test_passwords_are_asked_twice_and_checked(
        office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    done = kunjungan("users", "add", "sri", "--role", "sekretariat", "--name", "Sri")
    assert (done.code, done.err.strip()) == (2, "galat: kedua kata sandi tidak sama")
    with_stdin(monkeypatch, "pendek\n")
    done = kunjungan("users", "add", "sri", "--role", "sekretariat", "--name", "Sri",
                     "--password-stdin")
    assert (done.code, done.err.strip()) == (2, "galat: kata sandi paling sedikit 10 karakter")
    assert kunjungan("users", "list", "--json").json() == []
    # There is no way to give a password as an argument.
    done = kunjungan("users", "add", "sri", "--role", "sekretariat", "--password", PASSWORD)
    assert done.code == 2 and "opsi --password tidak dikenal" in done.err


@both_databases
def test_disable_and_password_end_sessions_and_name_unknown_users(
        office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    with_stdin(monkeypatch, PASSWORD + "\n")
    assert kunjungan("users", "add", "sri", "--role", "sekretariat", "--name", "Sri",
                     "--password-stdin").code == 0
    epoch = office.store().account_named("sri").session_epoch
    with_stdin(monkeypatch, "kata-sandi-baru-2\n")
    done = kunjungan("users", "password", "sri", "--password-stdin")
    assert done.code == 0 and "sesinya berakhir" in done.out
    assert office.store().account_named("sri").session_epoch == epoch + 1
    done = kunjungan("users", "disable", "sri")
    assert done.code == 0
    assert "nonaktif" in kunjungan("users", "list").out
    done = kunjungan("users", "disable", "tidakada")
    assert (done.code, done.err.strip()) == (4, "galat: pengguna 'tidakada' tidak ada")
    done = kunjungan("users", "add", "sri", "--role", "arsiparis", "--name", "Sri",
                     "--password-stdin")
    assert (done.code, done.err.strip()) == (2, "galat: nama pengguna 'sri' sudah dipakai")


def _token(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


def test_the_admin_adds_and_disables_accounts_on_the_web(
        office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    with_stdin(monkeypatch, PASSWORD + "\n")
    assert kunjungan("users", "add", "admin", "--role", "admin", "--name", "Admin TCC",
                     "--password-stdin").code == 0
    app = create_app(office.config)
    client = app.test_client()
    client.post("/masuk", data={"csrf_token": _token(client, "/masuk"), "username": "admin",
                                "password": PASSWORD})
    token = _token(client, "/pengguna/")
    page = client.post("/pengguna/tambah", follow_redirects=True, data={
        "csrf_token": token, "username": "nurul", "role": "pelaksana", "nip": PELAKSANA_NIP,
        "email": "", "full_name": "", "password": "kata-sandi-awal-3"})
    assert "Akun nurul (Pelaksana) dibuat." in page.get_data(as_text=True)
    page = client.post("/pengguna/tambah", follow_redirects=True, data={
        "csrf_token": token, "username": "tanpa-nip", "role": "pelaksana", "nip": "",
        "email": "", "full_name": "X", "password": "kata-sandi-awal-3"})
    assert "akun pelaksana harus ditautkan" in page.get_data(as_text=True)
    page = client.post("/pengguna/nurul/nonaktifkan", data={"csrf_token": token},
                       follow_redirects=True)
    assert "Akun nurul dinonaktifkan" in page.get_data(as_text=True)
    accounts = {a["username"]: a for a in kunjungan("users", "list", "--json").json()}
    assert accounts["nurul"]["official"] == PELAKSANA_NIP
    assert accounts["nurul"]["active"] is False
    assert "tanpa-nip" not in accounts
    app.extensions["kunjungan"].close()


def _add_admin(kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch, username: str) -> None:
    with_stdin(monkeypatch, PASSWORD + "\n")
    assert kunjungan("users", "add", username, "--role", "admin", "--name", username.title(),
                     "--password-stdin").code == 0


def test_an_admin_cannot_disable_their_own_account_by_a_hand_made_post(
        office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page shows no button for one's own account; a POST made by hand, with a valid CSRF
    token, is refused by the core all the same."""
    _add_admin(kunjungan, monkeypatch, "admin")
    _add_admin(kunjungan, monkeypatch, "kedua")
    app = create_app(office.config)
    client = app.test_client()
    client.post("/masuk", data={"csrf_token": _token(client, "/masuk"), "username": "admin",
                                "password": PASSWORD})
    token = _token(client, "/pengguna/")
    assert "/pengguna/admin/nonaktifkan" not in client.get("/pengguna/").get_data(as_text=True)
    page = client.post("/pengguna/admin/nonaktifkan", data={"csrf_token": token},
                       follow_redirects=True)
    assert page.status_code == 200  # still signed in, back on the accounts page
    html = page.get_data(as_text=True)
    assert "akun Anda sendiri tidak dapat dinonaktifkan" in html
    assert "Akun admin dinonaktifkan" not in html
    assert office.store().account_named("admin").active
    # Another admin, while one stays, may be disabled.
    page = client.post("/pengguna/kedua/nonaktifkan", data={"csrf_token": token},
                       follow_redirects=True)
    assert "Akun kedua dinonaktifkan" in page.get_data(as_text=True)
    assert not office.store().account_named("kedua").active
    app.extensions["kunjungan"].close()


@both_databases
def test_the_last_active_admin_cannot_be_disabled_from_the_cli(
        office: Office, kunjungan: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_admin(kunjungan, monkeypatch, "admin")
    done = kunjungan("users", "disable", "admin")
    assert done.code == 1
    assert done.err.strip() == ("galat: akun admin adalah admin aktif terakhir dan tidak dapat "
                                "dinonaktifkan; tambah admin lain dulu")
    assert office.store().account_named("admin").active
    _add_admin(kunjungan, monkeypatch, "kedua")
    assert kunjungan("users", "disable", "admin").code == 0
    done = kunjungan("users", "disable", "kedua")
    assert done.code == 1 and "admin aktif terakhir" in done.err
    assert office.store().account_named("kedua").active


def test_a_change_leaves_no_admin_only_when_it_takes_the_last_active_one() -> None:
    """The rule the core applies to every change of an account, demotion as well as
    disabling: an office that never had an admin loses nothing."""
    def account(number: int, role: str, active: bool = True) -> Account:
        return Account(id=number, username=f"u{number}", full_name="X", role=role, email=None,
                       password_hash="-", official=None, active=active, session_epoch=0,
                       created_at=datetime(2026, 12, 1, tzinfo=UTC))

    admin, archivist = account(1, "admin"), account(2, "arsiparis")
    office = [admin, archivist, account(3, "admin", active=False)]
    assert leaves_no_admin(replace(admin, role="arsiparis"), office)  # demoted
    assert leaves_no_admin(replace(admin, active=False), office)
    assert not leaves_no_admin(replace(admin, active=False), [*office, account(4, "admin")])
    assert not leaves_no_admin(replace(archivist, active=False), office)
    assert not leaves_no_admin(replace(archivist, active=False), office[1:])  # no admin at all
