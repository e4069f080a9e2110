"""Settings from `kunjungan.toml`, with a default for every key, validated once at start.

Keys are English; roles keep their SOP names. Relative paths resolve against the file's folder
(or the working folder when no file exists). A bad value raises ConfigError naming the key.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.case import Official
from pipeline.errors import ConfigError

CONFIG_ENV = "KUNJUNGAN_CONFIG"
DEFAULT_CONFIG_NAME = "kunjungan.toml"
ROLES = ("kepala_dinas", "kepala_uptd")

PLACEHOLDER_OFFICIALS: dict[str, dict[str, str]] = {
    "kepala_dinas": {
        "name": "[Nama Kepala Dinas]",
        "nip": "[NIP Kepala Dinas]",
        "rank": "[Pangkat/Golongan]",
        "position": "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian",
    },
    "kepala_uptd": {
        "name": "[Nama Kepala UPTD TCC]",
        "nip": "[NIP Kepala UPTD TCC]",
        "rank": "[Pangkat/Golongan]",
        "position": "Kepala UPTD Tarakan Command Center",
    },
}


@dataclass(frozen=True)
class Office:
    government: str
    department: str
    unit: str
    address: str
    phone: str
    email: str
    website: str
    city: str
    visit_place: str
    logo: Path | None


@dataclass(frozen=True)
class Paths:
    inbox: Path
    outbox: Path
    database: Path
    templates: Path
    secret: Path  # this installation's key for document stamps; never inside the outbox

    @property
    def failed(self) -> Path:
        return self.inbox / "_gagal"

    @property
    def duplicates(self) -> Path:
        return self.inbox / "_duplikat"


@dataclass(frozen=True)
class Numbering:
    """Format strings for numbers. Fields: seq, year, month, month_roman."""

    agenda: str
    surat_keluar: str
    surat_tugas: str


@dataclass(frozen=True)
class Intake:
    polling: bool | None  # None: choose from the inbox's filesystem type
    rescan_seconds: float
    quiet_seconds: float
    settle_seconds: float  # how long a file that looks cut short may take to arrive whole
    workers: int
    max_pages: int
    max_megabytes: float
    worker_memory_mb: int  # each worker's address-space ceiling (RLIMIT_AS)


@dataclass(frozen=True)
class Database:
    url: str  # sqlite:///FILE (paths.database by default) or postgresql://USER@HOST/NAME
    busy_timeout_seconds: float  # how long a writer waits for another's lock before giving up

    @property
    def shared(self) -> bool:
        """Several services (nodes) may work on one inbox: a PostgreSQL server, not a file."""
        return not self.url.startswith(_SQLITE_PREFIX)


@dataclass(frozen=True)
class Web:
    host: str
    port: int
    public_url: str  # where printed QR codes send readers: the verification page's base
    session_minutes: int  # a session left unused this long ends
    # Reverse proxies (nginx) in front of the desk that add X-Forwarded-For: their headers are
    # believed for this many hops; with 0 the header is ignored, so nobody can forge an address.
    trusted_proxies: int
    public_requests_per_minute: int  # from one address, to the verification page or the kiosk


@dataclass(frozen=True)
class Mail:
    host: str  # empty: notifications are queued but not sent
    port: int
    sender: str
    username: str
    password_env: str  # the environment variable holding the password, never the file
    starttls: bool
    digest_time: time  # when the daily digest of overdue steps is sent, local time

    @property
    def enabled(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True)
class Config:
    source: Path | None
    office: Office
    officials: Mapping[str, Official]
    pelaksana: tuple[Official, ...]
    numbering: Numbering
    paths: Paths
    intake: Intake
    database: Database
    timezone: ZoneInfo
    zone_label: str
    standards: Mapping[str, int]
    advance_on_signature: Mapping[str, bool]  # document kind -> a signed return advances the case
    web: Web
    mail: Mail

    def pelaksana_by_nip(self, nip: str) -> Official | None:
        wanted = normalise_nip(nip)
        return next((p for p in self.pelaksana if normalise_nip(p.nip) == wanted), None)


def normalise_nip(nip: str) -> str:
    return re.sub(r"\s+", "", nip)


def _check_nip(key: str, nip: str) -> str:
    if nip.startswith("["):
        return nip  # a marked placeholder, shown as is
    if not re.fullmatch(r"\d{18}", normalise_nip(nip)):
        raise ConfigError(f"{key}: NIP harus 18 angka, tertulis {nip!r}")
    return nip


_SQLITE_PREFIX = "sqlite:///"
_POSTGRESQL_PREFIXES = ("postgresql://", "postgresql+psycopg://")


def _table(data: Mapping[str, Any], key: str, allowed: set[str]) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: harus berupa tabel [{key}]")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ConfigError(f"{key}.{unknown[0]}: kunci tidak dikenal")
    return value


def _get(table: Mapping[str, Any], prefix: str, key: str, kind: type, default: Any) -> Any:
    value = table.get(key, default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if value is not None and not isinstance(value, kind):
        raise ConfigError(f"{prefix}.{key}: harus berupa {_KIND_WORDS[kind]}")
    return value


_KIND_WORDS: dict[type, str] = {
    str: "teks", int: "bilangan bulat", float: "angka", bool: "true/false"
}


def _official(key: str, data: Any, defaults: Mapping[str, str]) -> Official:
    if not isinstance(data, dict):
        raise ConfigError(f"{key}: harus berupa tabel dengan name, nip, rank, position")
    unknown = sorted(set(data) - {"name", "nip", "rank", "position"})
    if unknown:
        raise ConfigError(f"{key}.{unknown[0]}: kunci tidak dikenal")
    values = {
        f: _get(data, key, f, str, defaults.get(f)) for f in ("name", "nip", "rank", "position")
    }
    missing = [f for f, v in values.items() if not v]
    if missing:
        raise ConfigError(f"{key}.{missing[0]}: wajib diisi")
    return Official(
        name=values["name"],
        nip=_check_nip(f"{key}.nip", values["nip"]),
        rank=values["rank"],
        position=values["position"],
    )


_PATTERN_FIELDS = frozenset({"seq", "year", "month", "month_roman"})
_PATTERN_MAX_WIDTH = 12
_PATTERN_MAX_CHARS = 80
# Sequence values a pattern must keep apart: a pattern that cuts digits off would repeat numbers.
_PATTERN_PROBES = (1, 2, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 12345, 99999, 100000)


def _check_pattern(key: str, pattern: str) -> str:
    """A numbering pattern must format safely (no huge widths, no conversions, only our
    fields) and give a different number for every sequence value."""
    if "{seq" not in pattern:
        raise ConfigError(f"{key}: pola nomor harus memuat {{seq}}, atau setiap nomor akan sama")
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ConfigError(f"{key}: pola nomor tidak valid ({exc})") from exc
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in _PATTERN_FIELDS:
            raise ConfigError(f"{key}: kolom {{{name}}} tidak dikenal; gunakan {{seq}}, "
                              "{year}, {month}, {month_roman}")
        if conversion or "{" in (spec or "") or "." in (spec or ""):
            raise ConfigError(f"{key}: format {{{name}}} tidak diizinkan; cukup lebar, mis. "
                              "{seq:04d}")
        if any(int(width) > _PATTERN_MAX_WIDTH for width in re.findall(r"\d+", spec or "")):
            raise ConfigError(f"{key}: lebar {{{name}}} paling banyak {_PATTERN_MAX_WIDTH}")
    try:
        numbers = [pattern.format(seq=n, year=2026, month=12, month_roman="XII")
                   for n in _PATTERN_PROBES]
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"{key}: pola nomor tidak valid ({exc}); gunakan {{seq}}, {{year}}, {{month}}, "
            "{month_roman}"
        ) from exc
    if len(set(numbers)) != len(numbers):
        raise ConfigError(f"{key}: pola nomor memberi nomor yang sama untuk urutan berbeda")
    if max(len(n) for n in numbers) > _PATTERN_MAX_CHARS:
        raise ConfigError(f"{key}: nomor terlalu panjang (lebih dari {_PATTERN_MAX_CHARS} huruf)")
    return pattern


def _check_folders_apart(paths: Paths) -> None:
    """The watcher reads everything below the inbox, and archivists copy the outbox: the
    database, the secret and the two folders must not end up inside each other."""
    inbox, outbox = paths.inbox.resolve(), paths.outbox.resolve()

    def under(path: Path, folder: Path) -> bool:
        return path == folder or folder in path.resolve().parents

    if under(outbox, inbox) or under(inbox, outbox):
        raise ConfigError("paths.inbox: inbox dan outbox tidak boleh saling berada di dalam")
    for key, path in (("database", paths.database), ("secret", paths.secret),
                      ("templates", paths.templates)):
        if under(path, inbox):
            raise ConfigError(f"paths.{key}: tidak boleh berada di dalam inbox")
    if under(paths.secret, outbox):
        raise ConfigError("paths.secret: kunci tidak boleh disimpan di dalam outbox")


def find_config_path(explicit: str | os.PathLike[str] | None) -> Path | None:
    """--config, then $KUNJUNGAN_CONFIG, then ./kunjungan.toml when it exists."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    local = Path(DEFAULT_CONFIG_NAME)
    return local if local.exists() else None


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    path = find_config_path(explicit)
    if path is None:
        return parse_config({}, base=Path.cwd(), source=None)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"berkas konfigurasi tidak ditemukan: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: bukan TOML yang valid ({exc})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: tidak dapat dibaca ({exc})") from exc
    return parse_config(data, base=path.resolve().parent, source=path.resolve())


def parse_config(data: Mapping[str, Any], base: Path, source: Path | None) -> Config:
    """Build a validated Config from parsed TOML. Pure apart from resolving paths against `base`."""
    top_level = {
        "office", "officials", "pelaksana", "numbering", "paths", "intake", "time", "standards",
        "signed_returns", "database", "web", "mail",
    }
    unknown = sorted(set(data) - top_level)
    if unknown:
        raise ConfigError(f"{unknown[0]}: bagian tidak dikenal")

    def path_of(value: str) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

    o = _table(data, "office", set(_OFFICE_DEFAULTS) | {"logo"})
    text = {k: _get(o, "office", k, str, d) for k, d in _OFFICE_DEFAULTS.items()}
    logo_value = _get(o, "office", "logo", str, "")
    logo = path_of(logo_value) if logo_value else None
    if logo is not None and not logo.is_file():
        raise ConfigError(f"office.logo: berkas gambar tidak ditemukan: {logo}")
    office = Office(logo=logo, **text)

    officials_table = _table(data, "officials", set(ROLES))
    officials = {
        role: _official(
            f"officials.{role}",
            {**PLACEHOLDER_OFFICIALS[role], **officials_table.get(role, {})},
            PLACEHOLDER_OFFICIALS[role],
        )
        for role in ROLES
    }

    roster = data.get("pelaksana", [])
    if not isinstance(roster, list):
        raise ConfigError("pelaksana: tulis setiap pelaksana sebagai tabel [[pelaksana]]")
    pelaksana = tuple(_official(f"pelaksana[{i}]", p, {}) for i, p in enumerate(roster))
    nips = [normalise_nip(p.nip) for p in pelaksana]
    doubled = next((n for n in nips if nips.count(n) > 1), None)
    if doubled:
        raise ConfigError(f"pelaksana: NIP {doubled} tercantum lebih dari sekali")

    n = _table(data, "numbering", set(_NUMBERING_DEFAULTS))
    numbering = Numbering(
        **{
            k: _check_pattern(f"numbering.{k}", _get(n, "numbering", k, str, d))
            for k, d in _NUMBERING_DEFAULTS.items()
        }
    )

    p = _table(data, "paths", {"inbox", "outbox", "database", "templates", "secret"})
    paths = Paths(
        inbox=path_of(_get(p, "paths", "inbox", str, "inbox")),
        outbox=path_of(_get(p, "paths", "outbox", str, "outbox")),
        database=path_of(_get(p, "paths", "database", str, "outbox/kunjungan.sqlite3")),
        templates=path_of(_get(p, "paths", "templates", str, "templates")),
        secret=path_of(_get(p, "paths", "secret", str, "kunjungan.secret")),
    )
    d = _table(data, "database", {"busy_timeout_seconds", "url"})
    url = _get(d, "database", "url", str, None)
    if url is None:
        url = f"{_SQLITE_PREFIX}{paths.database}"
    elif url.startswith(_SQLITE_PREFIX) and len(url) > len(_SQLITE_PREFIX):
        paths = replace(paths, database=path_of(url.removeprefix(_SQLITE_PREFIX)))
        url = f"{_SQLITE_PREFIX}{paths.database}"  # `[database] url` wins over paths.database
    elif not url.startswith(_POSTGRESQL_PREFIXES):
        raise ConfigError(
            "database.url: harus sqlite:///BERKAS atau postgresql://PENGGUNA@HOST/BASISDATA"
        )
    _check_folders_apart(paths)

    i = _table(data, "intake", set(_INTAKE_CHECKS) | {"polling"})
    intake_values: dict[str, Any] = {}
    for key, (kind, default, valid, rule) in _INTAKE_CHECKS.items():
        value = _get(i, "intake", key, kind, default)
        if not valid(value):
            raise ConfigError(f"intake.{key}: {rule}")
        intake_values[key] = value
    intake = Intake(polling=_get(i, "intake", "polling", bool, None), **intake_values)

    busy = _get(d, "database", "busy_timeout_seconds", float, 30.0)
    if not 0 < busy <= 3600:
        raise ConfigError("database.busy_timeout_seconds: antara 0 dan 3600 detik")
    database = Database(url=url, busy_timeout_seconds=busy)

    t = _table(data, "time", {"zone", "zone_label"})
    zone_name = _get(t, "time", "zone", str, "Asia/Makassar")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"time.zone: zona waktu tidak dikenal: {zone_name!r}") from exc
    zone_label = _get(t, "time", "zone_label", str, "WITA")

    standards_table = data.get("standards", {})
    if not isinstance(standards_table, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 60 * 24 * 90
        for v in standards_table.values()
    ):
        raise ConfigError("standards: setiap nilai harus menit, 1 sampai 129600 (90 hari)")

    signed = data.get("signed_returns", {})
    if not isinstance(signed, dict) or not all(isinstance(v, bool) for v in signed.values()):
        raise ConfigError("signed_returns: setiap nilai harus true atau false, per jenis dokumen")

    return Config(
        web=_web(data),
        mail=_mail(data),
        source=source,
        office=office,
        officials=officials,
        pelaksana=pelaksana,
        numbering=numbering,
        paths=paths,
        intake=intake,
        database=database,
        timezone=zone,
        zone_label=zone_label,
        standards=dict(standards_table),
        advance_on_signature=dict(signed),
    )


_OFFICE_DEFAULTS: dict[str, str] = {
    "government": "PEMERINTAH KOTA TARAKAN",
    "department": "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN",
    "unit": "UPTD TARAKAN COMMAND CENTER",
    "address": "[Alamat Kantor]",
    "phone": "[Telepon]",
    "email": "[E-mail]",
    "website": "[Laman]",
    "city": "Tarakan",
    "visit_place": "Tarakan Command Center",
}

_NUMBERING_DEFAULTS: dict[str, str] = {
    "agenda": "{seq:04d}",
    "surat_keluar": "000.1.5/{seq:03d}/UPTD-TCC/{month_roman}/{year}",
    "surat_tugas": "800.1.11.1/{seq:03d}/UPTD-TCC/{month_roman}/{year}",
}

_Check = tuple[type, Any, Callable[[Any], bool], str]
_INTAKE_CHECKS: dict[str, _Check] = {
    "rescan_seconds": (float, 60.0, lambda v: 0 < v <= 3600, "antara 0 dan 3600 detik"),
    "quiet_seconds": (float, 2.0, lambda v: 0 <= v <= 600, "antara 0 dan 600 detik"),
    "settle_seconds": (float, 30.0, lambda v: 0 <= v <= 86400, "antara 0 dan 86400 detik"),
    "workers": (int, min(os.cpu_count() or 1, 64), lambda v: 1 <= v <= 64, "antara 1 dan 64"),
    "max_pages": (int, 30, lambda v: 1 <= v <= 500, "antara 1 dan 500 halaman"),
    "max_megabytes": (float, 50.0, lambda v: 0 < v <= 2000, "antara 0 dan 2000 MB"),
    # A worker reserves about 400 MB of address space to read a scan; beyond 64 GB a ceiling
    # no longer keeps one file from taking an office machine.
    "worker_memory_mb": (int, 2048, lambda v: 512 <= v <= 65536,
                         "harus antara 512 dan 65536 (MB)"),
}


def _web(data: Mapping[str, Any]) -> Web:
    w = _table(data, "web", {"host", "port", "public_url", "session_minutes", "trusted_proxies",
                             "public_requests_per_minute"})
    host = _get(w, "web", "host", str, "127.0.0.1")
    port = _get(w, "web", "port", int, 8080)
    if not 1 <= port <= 65535:
        raise ConfigError("web.port: antara 1 dan 65535")
    public_url = _get(w, "web", "public_url", str, f"http://{host}:{port}").rstrip("/")
    if not public_url.startswith(("http://", "https://")):
        raise ConfigError("web.public_url: harus diawali http:// atau https://")
    session_minutes = _get(w, "web", "session_minutes", int, 480)
    if not 5 <= session_minutes <= 60 * 24 * 7:
        raise ConfigError("web.session_minutes: antara 5 dan 10080 menit")
    proxies = _get(w, "web", "trusted_proxies", int, 0)
    if isinstance(proxies, bool) or not 0 <= proxies <= 5:
        raise ConfigError("web.trusted_proxies: jumlah proxy di depan meja layanan, 0 sampai 5 "
                          "(0 bila tanpa proxy)")
    per_minute = _get(w, "web", "public_requests_per_minute", int, 300)
    if not 10 <= per_minute <= 100_000:
        raise ConfigError("web.public_requests_per_minute: antara 10 dan 100000 permintaan")
    return Web(host=host, port=port, public_url=public_url, session_minutes=session_minutes,
               trusted_proxies=proxies, public_requests_per_minute=per_minute)


def _mail(data: Mapping[str, Any]) -> Mail:
    keys = {"host", "port", "sender", "username", "password_env", "starttls", "digest_time"}
    m = _table(data, "mail", keys)
    port = _get(m, "mail", "port", int, 25)
    if not 1 <= port <= 65535:
        raise ConfigError("mail.port: antara 1 dan 65535")
    digest = _get(m, "mail", "digest_time", str, "07:30")
    try:
        digest_time = time.fromisoformat(digest)
    except ValueError as exc:
        raise ConfigError("mail.digest_time: tulis jam sebagai JJ:MM, misalnya 07:30") from exc
    return Mail(
        host=_get(m, "mail", "host", str, ""),
        port=port,
        sender=_get(m, "mail", "sender", str, "kunjungan@localhost"),
        username=_get(m, "mail", "username", str, ""),
        password_env=_get(m, "mail", "password_env", str, "KUNJUNGAN_MAIL_PASSWORD"),
        starttls=_get(m, "mail", "starttls", bool, False),
        digest_time=digest_time,
    )


def public_url_is_local(web: Web) -> bool:
    """Whether printed QR codes would send readers to this machine's own address (the default
    `web.public_url`), which nobody outside it can open."""
    host = (urlsplit(web.public_url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def placeholder_keys(config: Config) -> list[str]:
    """Settings still holding the sample file's `[placeholders]`: printed documents would
    carry `[Nama Kepala Dinas]` in their signature blocks."""
    keys = [f"office.{f.name}" for f in fields(config.office)
            if str(getattr(config.office, f.name) or "").startswith("[")]
    for role, official in config.officials.items():
        keys += [f"officials.{role}.{f.name}" for f in fields(official)
                 if str(getattr(official, f.name)).startswith("[")]
    return keys
