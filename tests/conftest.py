"""Shared fixtures: an office configured in a temporary folder, and the CLI run in-process.

An office's store is SQLite unless a test is marked `@both_databases`: it then runs once on
SQLite and once on a fresh database of a throw-away PostgreSQL server, started once per run."""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from postgres_server import PostgresServer

from pipeline.cli import main
from pipeline.config import Config, load_config
from pipeline.errors import ConfigError
from pipeline.store.db import Store
from pipeline.workflow.engine import Workflow
from pipeline.workflow.renditions import stop_converters_left_behind

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples" / "letters"

# A visit date still ahead whenever the tests run: `approve` refuses a date already passed.
FUTURE_DATE = (date.today() + timedelta(days=14)).isoformat()


def office_today() -> date:
    """Today in Tarakan (the office's zone), which may already be tomorrow in UTC."""
    return datetime.now(ZoneInfo("Asia/Makassar")).date()

PELAKSANA_NIP = "199203152019031008"
PELAKSANA_2_NIP = "199507222020122015"

CONFIG_TEXT = f"""
[paths]
inbox = "inbox"
outbox = "outbox"
database = "outbox/kunjungan.sqlite3"
templates = "{REPO / 'templates'}"

[office]
address = "Jl. Jenderal Sudirman No. 76, Tarakan 77113"
phone = "(0551) 21000"
email = "tcc@tarakankota.go.id"
website = "tcc.tarakankota.go.id"

[officials.kepala_dinas]
name = "Ir. Bambang Setiawan, M.T."
nip = "19740512 200003 1 004"
rank = "Pembina Utama Muda (IV/c)"
position = "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian"

[officials.kepala_uptd]
name = "Siti Rahmah, S.Kom., M.M."
nip = "19820930 200604 2 011"
rank = "Penata Tingkat I (III/d)"
position = "Kepala UPTD Tarakan Command Center"

[[pelaksana]]
name = "Andi Saputra, S.Kom."
nip = "{PELAKSANA_NIP}"
rank = "Penata Muda Tingkat I (III/b)"
position = "Pranata Komputer Ahli Pertama"

[[pelaksana]]
name = "Nurul Hidayah, A.Md."
nip = "{PELAKSANA_2_NIP}"
rank = "Pengatur (II/c)"
position = "Operator Command Center"

[intake]
quiet_seconds = 0.3
settle_seconds = 3
rescan_seconds = 1
workers = 1
"""


@dataclass
class Office:
    root: Path
    config_path: Path

    @property
    def config(self) -> Config:
        return load_config(self.config_path)

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    def workflow(self) -> Workflow:
        config = self.config
        return Workflow(config, Store(config.database.url, config.database.busy_timeout_seconds))

    def store(self) -> Store:
        return Store(self.config.database.url)


both_databases = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"],
                                         indirect=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The office's `[database] url`: None for the default SQLite file, else a new PostgreSQL
    database of its own."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield None
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def office(tmp_path: Path, database_url: str | None) -> Iterator[Office]:
    (tmp_path / "inbox").mkdir()
    config_path = tmp_path / "kunjungan.toml"
    text = CONFIG_TEXT
    if database_url is not None:
        text += f'\n[database]\nurl = "{database_url}"\n'
    config_path.write_text(text, encoding="utf-8")
    office = Office(tmp_path, config_path)
    yield office
    # A test that killed its service left that service's PDF converter running: the next
    # start on this outbox would stop it, but no service starts here again. Stopped beside the
    # next tests: a LibreOffice that ignores SIGTERM is killed only after 20 s.
    with contextlib.suppress(ConfigError):  # a test that broke its configuration on purpose
        threading.Thread(target=stop_converters_left_behind, args=(office.config,),
                         daemon=True).start()


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


CliRunner = Callable[..., CliResult]


@pytest.fixture
def kunjungan(office: Office, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run `kunjungan --config <office> ARGS...` in-process, as a user would."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main(["--config", str(office.config_path), *args])
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def need_samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"shared samples not found at {SAMPLES}")
    return SAMPLES


def copy_sample(name: str, target: Path) -> Path:
    source = need_samples() / name
    destination = target / name
    shutil.copyfile(source, destination)
    return destination
