"""A throw-away PostgreSQL server for a test run (or a benchmark): Debian's binaries, a data
folder in a temporary directory, a free port, its socket in that directory, run as an
unprivileged user when we are root (PostgreSQL refuses to run as root), removed when stopped."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

UNPRIVILEGED_USER = "nobody"


def debian_bindir() -> Path:
    """The newest Debian PostgreSQL (`/usr/lib/postgresql/<major>/bin`); not /usr/local."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if not found:
        raise RuntimeError("PostgreSQL not installed: apt-get install postgresql "
                           "(make test installs it)")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    def __init__(self, durable: bool = False) -> None:
        """`durable`: fsync as a production server does (benchmarks); the tests go without."""
        self.durable = durable
        self.bindir = debian_bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="kunjungan-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam(UNPRIVILEGED_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", UNPRIVILEGED_USER, "--"]

    def _run(self, *args: str | Path) -> None:
        subprocess.run([*self._as_user, *map(str, args)], check=True, capture_output=True,
                       cwd=self.folder)

    def start(self) -> PostgresServer:
        self._run(self.bindir / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        # No TCP: the socket in our folder only. fsync off unless durable: the tests kill our
        # processes, never the server, and a throw-away server need not survive a power cut.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses='' -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log",
                  "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w",
                          "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"

    def _admin(self, statement: str) -> None:
        with psycopg.connect(host=str(self.folder), port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(statement.encode())

    def create_database(self) -> str:
        name = f"kunjungan_{os.getpid()}_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
