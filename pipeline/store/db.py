"""The store: cases, an append-only event log, per-year number sequences, document rows, guests
and signed copies, on SQLite (one file in WAL mode, the default) or on PostgreSQL, chosen by the
database URL. Nothing outside this package knows which.

Every workflow action runs inside `Store.transaction()`: the state change, its event, the
numbers it takes and the document rows it asks for commit together or not at all. Writers take
turns: BEGIN IMMEDIATE on SQLite; on PostgreSQL one transaction-level advisory lock, because the
engine reads a case and then changes it and must not race another writer (a row lock on
`sequences` alone would leave that open). A writer waits at most `busy_timeout` seconds for
another's lock, then raises DatabaseBusyError. Reads outside a transaction take no lock and see
the latest commit; `snapshot()` gives several reads one consistent view.

SQL is written once, in what both databases share (ON CONFLICT, RETURNING), and compiled by
SQLAlchemy Core for the database at hand; the schema is Alembic's (migrations.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3  # only to tell its errors apart; SQLAlchemy opens the database
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    URL,
    LargeBinary,
    TextClause,
    bindparam,
    create_engine,
    event,
    make_url,
    text,
)
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from pipeline.case import (
    Assignment,
    Case,
    Decision,
    Disposition,
    Event,
    Guest,
    LetterFields,
)
from pipeline.errors import (
    ConfigError,
    DatabaseBusyError,
    KunjunganError,
    NotFoundError,
    StorageError,
    UsageError,
)
from pipeline.store import mailqueue, migrations
from pipeline.store.mailqueue import MailDraft, Notification, Recipient


@dataclass(frozen=True)
class SignedCopy:
    document_id: int
    case_id: int
    file: str  # in the case folder
    sha256: str
    archive_file: str | None
    archive_sha256: str | None
    source_name: str
    received_at: datetime


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    case_id: int
    kind: str
    version: int
    status: str
    sha256: str | None
    created_at: datetime


@dataclass(frozen=True)
class CaseSummary:
    """A case as a list shows it (dashboard, search): no events, documents or guests."""

    id: int
    year: int
    nomor_agenda: str
    state: str
    received_at: datetime
    since: datetime  # its latest event: since when it waits
    instansi_pengirim: str | None
    perihal: str | None
    nomor_surat: str | None
    tanggal_kunjungan: date | None  # the granted date once granted, else the letter's
    waktu_kunjungan: time | None
    pelaksana: tuple[str, ...]  # NIPs of the escorts assigned


@dataclass(frozen=True)
class CaseSearch:
    """What people search cases by; an empty value does not filter."""

    institution: str = ""
    letter_number: str = ""
    agenda: str = ""
    received_from: date | None = None
    received_to: date | None = None  # inclusive
    state: str = ""

    @property
    def empty(self) -> bool:
        return not (self.institution or self.letter_number or self.agenda or self.state
                    or self.received_from or self.received_to)


@dataclass(frozen=True)
class FieldSource:
    """Where the reader found a field: its confidence and the piece of letter text."""

    confidence: float
    source: str


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the Register Buku Tamu: a guest of a case."""

    case_id: int
    year: int
    nomor_agenda: str
    case_institution: str | None
    case_subject: str | None  # the letter's perihal: what the visit was for
    name: str
    institution: str | None
    phone: str | None
    checked_in: datetime
    checked_out: datetime | None
    escorts: tuple[str, ...]  # names of the pelaksana who accompanied the visit


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


_Recorded = TypeVar("_Recorded", Disposition, Decision, Assignment)


def _encoded(value: Disposition | Decision | Assignment) -> str:
    """One codec per type: the JSON form `--json` shows is also the form stored."""
    return json.dumps(value.to_json(), ensure_ascii=False)


def _decoded(kind: type[_Recorded], raw: str | None) -> _Recorded | None:
    return kind.from_json(json.loads(raw)) if raw else None


ENCODED_COLUMNS = frozenset({"disposition", "decision", "assignment"})


DEFAULT_BUSY_TIMEOUT = 30.0

# The key of the PostgreSQL advisory lock that writers take in turn ("kunj" in ASCII), and the
# first half of the two-part keys of inbox files claimed by a node ("file").
WRITE_LOCK_KEY = 0x6B756E6A
CLAIM_LOCK_SPACE = 0x66696C65


Row = dict[str, Any]


@dataclass(frozen=True)
class Transaction:
    """An open write transaction of a Store, handed back to the Store's write methods."""

    store: Store

    def execute(self, statement: TextClause, parameters: Mapping[str, Any] | None = None
                ) -> list[tuple[Any, ...]]:
        """Run a statement; the rows it returns (none for most writes)."""
        cursor = self.store._execute(statement, parameters or {})
        return cursor.fetchall() if cursor.description else []


def database_url(location: Path | str) -> URL:
    """A SQLite file's path or a `sqlite:///` / `postgresql://` URL, as SQLAlchemy's URL."""
    if isinstance(location, Path):
        return URL.create("sqlite", database=str(location))
    if location.startswith("sqlite:///"):  # a file name may hold '?' or '#': never parsed
        return URL.create("sqlite", database=location.removeprefix("sqlite:///"))
    url = make_url(location)
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        url = url.set(drivername="postgresql+psycopg")
    return url


class Store:
    """One connection for the life of the process's store. SQLAlchemy opens it, runs the
    migrations and compiles each statement once for the database at hand; statements then run
    on the driver's own connection, as compiled: SQLAlchemy's per-call work cost about ten
    times the query itself (profiled on the intake's ~30 statements a letter)."""

    def __init__(self, location: Path | str, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.url = database_url(location)
        self.busy_timeout = busy_timeout
        self.dialect = self.url.get_backend_name()
        if self.dialect == "sqlite" and self.url.database:
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
        self._shown = self.url.render_as_string(hide_password=True)
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None]] = {}
        try:
            self._engine = create_engine(self.url, poolclass=NullPool,
                                         **self._engine_options())
            event.listen(self._engine, "connect", self._prepare_connection)
            self._connect()
            self._migrate()
        except DBAPIError as exc:
            driver_error = _unwrap(exc)
            if _sqlstate(driver_error)[:2] in ("28", "3D"):  # refused login, no such database
                raise ConfigError(f"database.url: {self._shown} tidak dapat dibuka: "
                                  f"{_reason(driver_error)}") from exc
            raise _busy_or(driver_error, f"basis data {self._shown} tidak dapat dibuka") from exc
        except (ArgumentError, ImportError) as exc:
            raise KunjunganError(f"basis data {self._shown} tidak dapat dibuka: {exc}") from exc

    def _connect(self) -> None:
        self.conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self._driver: Any = self.conn.connection.dbapi_connection
        # Called with every statement sent (bench/statements.py counts them).
        self.trace: Callable[[str], None] | None = None
        dbapi = self.conn.dialect.loaded_dbapi
        self._operational_error: type[Exception] = dbapi.OperationalError
        self._driver_error: type[Exception] = dbapi.Error

    def _engine_options(self) -> dict[str, Any]:
        if self.dialect == "sqlite":
            return {"connect_args": {"timeout": self.busy_timeout}}
        return {}

    def _prepare_connection(self, dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        if self.dialect == "sqlite":
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")  # once per database file
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
        else:
            # Waiting for a lock (the writers' turn, a row) ends after busy_timeout.
            cursor.execute(f"SET lock_timeout = {int(self.busy_timeout * 1000)}")
            dbapi_connection.commit()
        cursor.close()

    def close(self) -> None:
        self.conn.close()
        self._engine.dispose()

    def _migrate(self) -> None:
        """Read only when the schema is current: opening takes no write lock then."""
        if migrations.current_revision(self.conn) == migrations.head():
            return
        with self.transaction():
            if migrations.current_revision(self.conn) != migrations.head():  # under the lock
                migrations.upgrade(self.conn)

    def _execute(self, statement: TextClause, parameters: Mapping[str, Any]) -> Any:
        """Run `statement` on the driver's connection, compiled once for this database."""
        compiled = self._compiled.get(statement.text)
        if compiled is None:
            sql = statement.compile(dialect=self.conn.dialect)
            order = tuple(sql.positiontup) if sql.positiontup else None
            compiled = self._compiled[statement.text] = (sql.string, order)
        sql_text, order = compiled
        if self.trace is not None:
            self.trace(sql_text)
        cursor = self._driver.cursor()
        cursor.execute(sql_text, parameters if order is None
                       else tuple(parameters[name] for name in order))
        return cursor

    def _driver_sql(self, statement: str) -> None:
        if self.trace is not None:
            self.trace(statement)
        self._driver.cursor().execute(statement)

    def _rollback(self) -> None:
        with suppress(self._driver_error):  # the connection is gone: the server rolled back
            self._driver_sql("ROLLBACK")

    def _failed(self, error: Exception, doing: str) -> KunjunganError:
        """The error for people; a connection the server dropped is replaced for next time."""
        if getattr(self._driver, "broken", False):  # psycopg: the server went away
            with suppress(Exception):
                self.conn.invalidate()
            with suppress(DBAPIError):
                self._connect()
        return _busy_or(error, doing)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One write transaction; waits `busy_timeout` for another writer, then gives up."""
        errors = (self._operational_error, OperationalError)
        try:
            if self.dialect == "sqlite":
                self._driver_sql("BEGIN IMMEDIATE")
            else:  # one round trip for both: a letter's three transactions saved 1 ms
                self._driver_sql(_BEGIN_AND_TAKE_WRITE_TURN)
        except errors as exc:
            self._rollback()
            raise self._failed(_unwrap(exc), "basis data tidak dapat ditulis") from exc
        try:
            yield Transaction(self)
        except errors as exc:  # e.g. the disk filled up under the database
            self._rollback()
            raise self._failed(_unwrap(exc), "basis data tidak dapat ditulis") from exc
        except BaseException:
            self._rollback()
            raise
        try:
            self._driver_sql("COMMIT")
        except errors as exc:
            self._rollback()
            raise self._failed(_unwrap(exc), "basis data tidak dapat ditulis") from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the database (a read transaction: no lock that
        keeps writers out, in WAL mode; REPEATABLE READ on PostgreSQL)."""
        try:
            if self.dialect == "sqlite":
                self._driver_sql("BEGIN")
            else:
                self._driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        except self._operational_error as exc:
            raise self._failed(exc, "basis data tidak dapat dibaca") from exc
        try:
            yield
        finally:
            self._rollback()  # nothing was written: ending it is all

    @contextmanager
    def claim(self, key: bytes) -> Iterator[bool]:
        """Hold `key` (an inbox file's name) while this process works on it: True when it is
        ours, False when another process holds it. On PostgreSQL, where several services may
        share one inbox, a session advisory lock: the database grants it to one connection and
        drops it when that connection ends, so a node that dies frees its files at once. On
        SQLite one service owns the inbox (the watcher's lock file): always True."""
        if self.dialect == "sqlite":
            yield True
            return
        digest = hashlib.sha256(key).digest()
        lock = {"space": CLAIM_LOCK_SPACE, "key": int.from_bytes(digest[:4], "big", signed=True)}
        try:
            mine = bool(self._execute(_TRY_CLAIM, lock).fetchone()[0])
        except self._operational_error as exc:
            raise self._failed(exc, "berkas tidak dapat diklaim") from exc
        try:
            yield mine
        finally:
            if mine:
                with suppress(self._driver_error):  # a lost connection has released it already
                    self._execute(_RELEASE_CLAIM, lock)

    def _rows(self, statement: TextClause, **parameters: Any) -> list[Row]:
        try:
            cursor = self._execute(statement, parameters)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except self._operational_error as exc:  # a read that met a locked or lost database
            self._failed(exc, "basis data tidak dapat dibaca")
            raise DatabaseBusyError(
                f"basis data tidak dapat dipakai saat ini ({_reason(exc)}); coba lagi"
            ) from exc

    def _row(self, statement: TextClause, **parameters: Any) -> Row | None:
        rows = self._rows(statement, **parameters)
        return rows[0] if rows else None

    # -- numbers ---------------------------------------------------------------------------

    @staticmethod
    def next_number(conn: Transaction, name: str, year: int) -> int:
        """Take the next number of a per-year sequence (call inside a transaction; the row
        stays locked until it commits, so a number is never given twice nor skipped)."""
        (row,) = conn.execute(_NEXT_NUMBER, {"name": name, "year": year})
        return int(row[0])

    # -- cases -----------------------------------------------------------------------------

    @staticmethod
    def insert_case(
        conn: Transaction,
        *,
        year: int,
        nomor_agenda: str,
        state: str,
        fields: LetterFields,
        readings: dict[str, Any],
        received_at: datetime,
        folder: str,
        original_name: str,
        source_path: Path,
        sha256: str,
        archive_sha256: str | None,
        review_notes: tuple[str, ...],
        possible_duplicate_of: int | None,
        read_method: str,
    ) -> int:
        (row,) = conn.execute(
            _INSERT_CASE,
            {
                "year": year,
                "nomor_agenda": nomor_agenda,
                "state": state,
                **_fields_columns(fields),
                "readings": json.dumps(readings, ensure_ascii=False),
                "received_at": received_at.isoformat(),
                "folder": folder,
                "original_name": original_name,
                "source_path": _readable_path(source_path),
                "sha256": sha256,
                "archive_sha256": archive_sha256,
                "review_notes": json.dumps(list(review_notes), ensure_ascii=False),
                "possible_duplicate_of": possible_duplicate_of,
                "source_bytes": os.fsencode(source_path),
                "read_method": read_method,
            },
        )
        return int(row[0])

    @staticmethod
    def update_case(
        conn: Transaction, case_id: int, at: datetime, **changes: Any
    ) -> None:
        columns: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in _CASE_COLUMNS:
                raise ValueError(f"no such case column: {name}")
            if name == "fields":
                columns.update(_fields_columns(value))
            elif name in ENCODED_COLUMNS:
                columns[name] = _encoded(value) if value is not None else None
            elif name == "review_notes":
                columns[name] = json.dumps(list(value), ensure_ascii=False)
            else:
                columns[name] = value
        columns["updated_at"] = at.isoformat()
        assignments = ", ".join(f"{name} = :{name}" for name in columns)
        conn.execute(text(f"UPDATE cases SET {assignments} WHERE id = :case_id"),
                     {**columns, "case_id": case_id})

    @staticmethod
    def mark_published(conn: Transaction, case_id: int, version: int) -> bool:
        """Record that the folder shows `version`; False when the case has moved on since."""
        return bool(conn.execute(_MARK_PUBLISHED, {"version": version, "case_id": case_id}))

    def incomplete_cases(self) -> list[int]:
        """Cases whose folder is behind the database: documents pending, or a manifest not
        rewritten after the last change."""
        return [int(row["id"]) for row in self._rows(_INCOMPLETE_CASES)]

    def case(self, case_id: int) -> Case:
        row = self._row(_CASE, case_id=case_id)
        if row is None:
            raise NotFoundError(f"kasus {case_id} tidak ditemukan")
        return self._case_from_row(row)

    def find_case(self, reference: str) -> Case:
        """A case by id (`12`) or by year and agenda number (`2026/0012`)."""
        reference = reference.strip()
        if reference.isdigit() and len(reference) < 12:
            return self.case(int(reference))
        year, _, agenda = reference.partition("/")
        if year.isdigit() and len(year) < 12 and agenda:
            row = self._row(_CASE_BY_AGENDA, year=int(year), agenda=agenda)
            if row is not None:
                return self._case_from_row(row)
        raise NotFoundError(
            f"kasus {reference!r} tidak ditemukan; sebut nomor kasus (mis. 12) "
            "atau tahun/nomor agenda (mis. 2026/0012)"
        )

    def case_by_sha(self, sha256: str) -> Case | None:
        row = self._row(_CASE_BY_SHA, sha256=sha256)
        return self._case_from_row(row) if row else None

    def case_by_letter(self, nomor_surat: str, instansi: str) -> Case | None:
        row = self._row(_CASE_BY_LETTER, number=nomor_surat, sender=instansi.lower())
        return self._case_from_row(row) if row else None

    def cases(self, state: str | None = None) -> list[Case]:
        rows = (self._rows(_ALL_CASES) if state is None
                else self._rows(_CASES_IN_STATE, state=state))
        return [self._case_from_row(row) for row in rows]

    def uncleared_cases(self) -> list[int]:
        """Cases whose inbox original may still be there."""
        return [int(row["id"]) for row in self._rows(_UNCLEARED_CASES)]

    def case_folder(self, case_id: int) -> str:
        row = self._row(_CASE_FOLDER, case_id=case_id)
        if row is None:
            raise NotFoundError(f"kasus {case_id} tidak ditemukan")
        return str(row["folder"])

    def case_version(self, case_id: int) -> int:
        row = self._row(_CASE_VERSION, case_id=case_id)
        assert row is not None, case_id
        return int(row["version"])

    def source_path(self, case_id: int) -> Path:
        """Where the original was in the inbox, exactly (bytes that are not UTF-8 included)."""
        row = self._row(_SOURCE_PATH, case_id=case_id)
        assert row is not None, case_id
        raw = row["source_bytes"]
        return Path(os.fsdecode(bytes(raw))) if raw is not None else Path(row["source_path"])

    def inbox_cleared(self, case_id: int) -> bool:
        row = self._row(_INBOX_CLEARED, case_id=case_id)
        assert row is not None, case_id
        return bool(row["inbox_cleared"])

    @staticmethod
    def mark_inbox_cleared(conn: Transaction, case_id: int) -> None:
        conn.execute(_MARK_INBOX_CLEARED, {"case_id": case_id})

    def cases_awaiting_archive(self) -> list[Case]:
        """Cases read by OCR whose PDF/A copy is not made yet (it follows their documents)."""
        return [self._case_from_row(row) for row in self._rows(_AWAITING_ARCHIVE)]

    @staticmethod
    def set_archive(conn: Transaction, case_id: int, sha256: str) -> None:
        conn.execute(_SET_ARCHIVE, {"sha256": sha256, "case_id": case_id})

    def _case_from_row(self, row: Row) -> Case:
        case_id = int(row["id"])
        return Case(
            id=case_id,
            year=int(row["year"]),
            nomor_agenda=row["nomor_agenda"],
            state=row["state"],
            fields=LetterFields.from_json(json.loads(row["fields"])),
            received_at=datetime.fromisoformat(row["received_at"]),
            folder=row["folder"],
            original_name=row["original_name"],
            sha256=row["sha256"],
            archive_sha256=row["archive_sha256"],
            disposition=_decoded(Disposition, row["disposition"]),
            decision=_decoded(Decision, row["decision"]),
            assignment=_decoded(Assignment, row["assignment"]),
            guests=tuple(self.guests(case_id)),
            events=tuple(self.events(case_id)),
            review_notes=tuple(json.loads(row["review_notes"])),
            possible_duplicate_of=row["possible_duplicate_of"],
            version=int(row["version"]),
        )

    # -- events ----------------------------------------------------------------------------

    @staticmethod
    def insert_event(
        conn: Transaction,
        *,
        case_id: int | None,
        action: str,
        state_from: str | None,
        state_to: str | None,
        actor: str,
        at: datetime,
        details: dict[str, Any],
    ) -> int:
        (row,) = conn.execute(
            _INSERT_EVENT,
            {"case_id": case_id, "action": action, "state_from": state_from,
             "state_to": state_to, "actor": actor, "at": at.isoformat(),
             "details": json.dumps(details, ensure_ascii=False, default=str)},
        )
        if case_id is not None:
            # Every event of a case shows in its manifest: the folder is behind until published.
            conn.execute(_RAISE_VERSION, {"case_id": case_id})
        return int(row[0])

    def events(self, case_id: int) -> list[Event]:
        return [
            Event(
                action=row["action"],
                state_from=row["state_from"],
                state_to=row["state_to"],
                actor=row["actor"],
                at=datetime.fromisoformat(row["at"]),
                details=json.loads(row["details"]),
            )
            for row in self._rows(_EVENTS, case_id=case_id)
        ]

    def parked_notes(self) -> dict[str, str]:
        """Notes written beside parked files: note name -> the parked file's name. (Releases
        before notes were recorded named them `<file>.txt`.)"""
        notes: dict[str, str] = {}
        for row in self._rows(_PARKED):
            details = json.loads(row["details"])
            moved = details.get("moved_to")
            if moved:
                notes[details.get("note") or f"{moved}.txt"] = moved
        return notes

    def intake_events(self, limit: int = 100) -> list[dict[str, Any]]:
        """Events not tied to a case (files parked or set aside), newest first."""
        return [dict(row) for row in self._rows(_INTAKE_EVENTS, limit=limit)]

    # -- documents -------------------------------------------------------------------------

    @staticmethod
    def add_document(
        conn: Transaction, case_id: int, kind: str, event_id: int, at: datetime
    ) -> int:
        (row,) = conn.execute(
            _ADD_DOCUMENT,
            {"case_id": case_id, "kind": kind, "event_id": event_id, "at": at.isoformat()},
        )
        return int(row[0])

    def documents(self, case_id: int) -> list[DocumentRecord]:
        return [_document(row) for row in self._rows(_DOCUMENTS, case_id=case_id)]

    def pending_documents(self, case_id: int | None = None) -> list[DocumentRecord]:
        if case_id is None:
            rows = self._rows(_ALL_PENDING)
        else:
            rows = self._rows(_PENDING_OF_CASE, case_id=case_id)
        return [_document(row) for row in rows]

    @staticmethod
    def mark_written(conn: Transaction, document_id: int, sha256: str) -> None:
        conn.execute(_MARK_WRITTEN, {"sha256": sha256, "document_id": document_id})

    def document(self, case_id: int, kind: str, version: int) -> DocumentRecord | None:
        row = self._row(_DOCUMENT, case_id=case_id, kind=kind, version=version)
        return _document(row) if row else None

    def has_documents(self) -> bool:
        return self._row(_ANY_DOCUMENT) is not None

    def all_documents(self) -> list[DocumentRecord]:
        return [_document(row) for row in self._rows(_ALL_DOCUMENTS)]

    # -- signed copies ---------------------------------------------------------------------

    @staticmethod
    def insert_signed_copy(conn: Transaction, copy: SignedCopy) -> bool:
        """Record a signed copy; False when that very file was recorded before."""
        inserted = conn.execute(
            _INSERT_SIGNED_COPY,
            {"document_id": copy.document_id, "case_id": copy.case_id, "file": copy.file,
             "sha256": copy.sha256, "archive_file": copy.archive_file,
             "archive_sha256": copy.archive_sha256, "source_name": copy.source_name,
             "received_at": copy.received_at.isoformat()},
        )
        return bool(inserted)

    def signed_copies(self, case_id: int) -> list[SignedCopy]:
        return [
            SignedCopy(
                document_id=int(row["document_id"]),
                case_id=int(row["case_id"]),
                file=row["file"],
                sha256=row["sha256"],
                archive_file=row["archive_file"],
                archive_sha256=row["archive_sha256"],
                source_name=row["source_name"],
                received_at=datetime.fromisoformat(row["received_at"]),
            )
            for row in self._rows(_SIGNED_COPIES, case_id=case_id)
        ]

    def signed_copy_by_sha(self, sha256: str) -> SignedCopy | None:
        row = self._row(_SIGNED_COPY_BY_SHA, sha256=sha256)
        if row is None:
            return None
        return next(c for c in self.signed_copies(int(row["case_id"]))
                    if sha256 in (c.sha256, c.archive_sha256))

    # -- guests ----------------------------------------------------------------------------

    @staticmethod
    def insert_guest(
        conn: Transaction,
        case_id: int,
        name: str,
        institution: str | None,
        phone: str | None,
        at: datetime,
    ) -> None:
        conn.execute(
            _INSERT_GUEST,
            {"case_id": case_id, "name": name, "institution": institution, "phone": phone,
             "at": at.isoformat()},
        )

    @staticmethod
    def check_out_guest(conn: Transaction, case_id: int, name: str, at: datetime) -> bool:
        inside = conn.execute(_GUEST_INSIDE, {"case_id": case_id, "name": name})
        if not inside:
            return False
        conn.execute(_CHECK_OUT, {"at": at.isoformat(), "guest_id": inside[0][0]})
        return True

    def guests(self, case_id: int) -> list[Guest]:
        return [
            Guest(
                name=row["name"],
                institution=row["institution"],
                phone=row["phone"],
                checked_in=datetime.fromisoformat(row["checked_in"]),
                checked_out=_dt(row["checked_out"]),
            )
            for row in self._rows(_GUESTS, case_id=case_id)
        ]

    # Notifications

    def recipients(self, role: str | None = None) -> list[Recipient]:
        """Active accounts with an e-mail address (of one role, when given)."""
        rows = (self._rows(mailqueue.ALL_RECIPIENTS) if role is None
                else self._rows(mailqueue.RECIPIENTS_IN_ROLE, role=role))
        return [Recipient(**row) for row in rows]

    def cases_in_states(self, states: Sequence[str]) -> list[Case]:
        wanted = set(states)
        return [self._case_from_row(row) for row in self._rows(_ALL_CASES)
                if row["state"] in wanted]

    @staticmethod
    def queue_notification(conn: Transaction, draft: MailDraft, at: datetime) -> bool:
        """Queue a mail unless one with its dedupe key was queued before; True when queued."""
        return bool(conn.execute(mailqueue.QUEUE, {
            "case_id": draft.case_id, "recipient": draft.recipient, "subject": draft.subject,
            "body": draft.body, "dedupe_key": draft.dedupe_key,
            "at": mailqueue.queue_time(at),
        }))

    def claim_due_notifications(self, conn: Transaction, now: datetime, until: datetime,
                                max_attempts: int, limit: int) -> list[Notification]:
        """Unsent mails due by `now`, each put off until `until` while this sender tries it
        (a second sender on the same database passes them by)."""
        due = [mailqueue.notification_from_row(row) for row in self._rows(
            mailqueue.DUE, now=mailqueue.queue_time(now), max_attempts=max_attempts,
            limit=limit)]
        for mail in due:
            conn.execute(mailqueue.POSTPONE, {"id": mail.id, "until": mailqueue.queue_time(until)})
        return due

    @staticmethod
    def mark_notification_sent(conn: Transaction, notification_id: int, at: datetime) -> None:
        conn.execute(mailqueue.MARK_SENT, {"id": notification_id,
                                           "at": mailqueue.queue_time(at)})

    @staticmethod
    def mark_notification_failed(conn: Transaction, notification_id: int, retry_at: datetime,
                                 error: str) -> None:
        conn.execute(mailqueue.MARK_FAILED, {"id": notification_id, "error": error,
                                             "retry_at": mailqueue.queue_time(retry_at)})

    def notifications(self, unsent_only: bool = False, limit: int = 50) -> list[Notification]:
        """Unsent mails (oldest first), or the newest `limit` of all (newest first)."""
        rows = (self._rows(mailqueue.UNSENT) if unsent_only
                else self._rows(mailqueue.RECENT, limit=limit))
        return [mailqueue.notification_from_row(row) for row in rows]

    # Accounts ------------------------------------------------------------------------------
    # Desk users (pipeline/web/accounts.py hashes and checks passwords) and failed logins.

    def add_account(self, username: str, full_name: str, role: str, email: str | None,
                    password_hash: str, official: str | None, at: datetime) -> Account:
        """A new account; UsageError when the username is taken."""
        with self.transaction() as conn:
            if conn.execute(_ACCOUNT_BY_NAME, {"username": username}):
                raise UsageError(f"nama pengguna {username!r} sudah dipakai")
            conn.execute(_INSERT_ACCOUNT, {
                "username": username, "full_name": full_name, "role": role, "email": email,
                "password_hash": password_hash, "official": official,
                "created_at": at.isoformat(),
            })
        return self.account_named(username)

    def account(self, account_id: int) -> Account | None:
        row = self._row(_ACCOUNT_BY_ID, account_id=account_id)
        return _account(row) if row else None

    def account_named(self, username: str) -> Account:
        row = self._row(_ACCOUNT_BY_NAME, username=username)
        if row is None:
            raise NotFoundError(f"pengguna {username!r} tidak ada")
        return _account(row)

    def accounts(self) -> list[Account]:
        return [_account(row) for row in self._rows(_ALL_ACCOUNTS)]

    def change_account(self, username: str, *, password_hash: str | None = None,
                       active: bool | None = None,
                       check: Callable[[Account, list[Account]], None] | None = None
                       ) -> Account:
        """Set a new password and/or (de)activate; either ends the account's sessions (its
        session epoch goes up). `check` sees the account as it will be and every account as
        it is, read under the write lock (two admins disabling each other at once take turns),
        and refuses the change by raising."""
        with self.transaction() as conn:
            account = self.account_named(username)
            if check is not None:
                after = replace(account, active=account.active if active is None else active)
                check(after, self.accounts())
            conn.execute(_CHANGE_ACCOUNT, {
                "account_id": account.id,
                "password_hash": password_hash or account.password_hash,
                "active": account.active if active is None else active,
            })
        return self.account_named(username)

    def end_sessions(self, account_id: int) -> None:
        with self.transaction() as conn:
            conn.execute(_END_SESSIONS, {"account_id": account_id})

    def record_login_failure(self, username: str, address: str, at: datetime,
                             keep_since: datetime) -> None:
        """One failed login; failures older than `keep_since` are dropped on the way."""
        with self.transaction() as conn:
            conn.execute(_FORGET_LOGIN_FAILURES, {"before": _utc(keep_since)})
            conn.execute(_INSERT_LOGIN_FAILURE, {"username": username, "address": address,
                                                 "at": _utc(at)})

    def login_failures(self, username: str, address: str, since: datetime
                       ) -> tuple[list[datetime], list[datetime]]:
        """Times of failed logins since `since`: for this username, and from this address."""
        by_name = self._rows(_LOGIN_FAILURES_OF_NAME, username=username, since=_utc(since))
        by_address = self._rows(_LOGIN_FAILURES_FROM, address=address, since=_utc(since))
        return ([datetime.fromisoformat(r["failed_at"]) for r in by_name],
                [datetime.fromisoformat(r["failed_at"]) for r in by_address])

    def clear_login_failures(self, username: str) -> None:
        with self.transaction() as conn:
            conn.execute(_CLEAR_LOGIN_FAILURES, {"username": username})

    # Desk queries

    def case_summaries(self, state: str, limit: int) -> list[CaseSummary]:
        """Cases in `state` that have waited longest first (by their latest event), at most
        `limit`."""
        return [_summary(row) for row in self._rows(_SUMMARIES_IN_STATE, state=state,
                                                    limit=limit)]

    def state_counts(self) -> dict[str, int]:
        return {row["state"]: int(row["n"]) for row in self._rows(_STATE_COUNTS)}

    def latest_event_id(self) -> int:
        """Raised by every change anywhere: a page polls it to learn that it is behind."""
        row = self._row(_LATEST_EVENT)
        return int(row["id"]) if row and row["id"] is not None else 0

    def search_cases(self, search: CaseSearch, limit: int = 100) -> list[CaseSummary]:
        """Newest first. Institution, letter and agenda numbers match anywhere in the value,
        in any case; the dates bound the day the letter was received (in the office's zone)."""
        conditions: list[str] = []
        parameters: dict[str, Any] = {"limit": limit}
        for column, value in (("letter_sender", search.institution),
                              ("lower(letter_number)", search.letter_number),
                              ("nomor_agenda", search.agenda)):
            if value.strip():
                name = f"p{len(parameters)}"
                conditions.append(f"{column} LIKE :{name} ESCAPE '\\'")
                parameters[name] = f"%{_like_escaped(value.strip().lower())}%"
        if search.state:
            conditions.append("state = :state")
            parameters["state"] = search.state
        if search.received_from:
            conditions.append("received_at >= :received_from")
            parameters["received_from"] = search.received_from.isoformat()
        if search.received_to:  # received_at is ISO text in the office's zone: by its day
            conditions.append("received_at < :received_before")
            parameters["received_before"] = (search.received_to + timedelta(days=1)).isoformat()
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        statement = text(f"{_SUMMARY_SELECT}{where} ORDER BY c.id DESC LIMIT :limit")
        return [_summary(row) for row in self._rows(statement, **parameters)]

    def case_readings(self, case_id: int) -> dict[str, FieldSource]:
        """How each field was read from the letter (fields fixed later keep their reading)."""
        row = self._row(_READINGS, case_id=case_id)
        if row is None:
            raise NotFoundError(f"kasus {case_id} tidak ditemukan")
        return {
            name: FieldSource(float(r.get("confidence", 0)), str(r.get("source") or ""))
            for name, r in json.loads(row["readings"] or "{}").items()
        }

    def doubtful_fields(self, state: str, below: float, checked_by: str
                        ) -> dict[int, tuple[str, ...]]:
        """Cases in `state` with fields read with a confidence under `below`, by case id,
        leaving out cases a person has already corrected (an event `checked_by`)."""
        out: dict[int, tuple[str, ...]] = {}
        for row in self._rows(_READINGS_IN_STATE, state=state, checked_by=checked_by):
            names = tuple(name for name, r in json.loads(row["readings"] or "{}").items()
                          if float(r.get("confidence", 1.0)) < below)
            if names:
                out[int(row["id"])] = names
        return out

    def guest_register(self, year: int, month: int) -> list[RegisterEntry]:
        """Every guest who came in that month (by the office's calendar), in order."""
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        return [
            RegisterEntry(
                case_id=int(row["case_id"]),
                year=int(row["year"]),
                nomor_agenda=row["nomor_agenda"],
                case_institution=fields.get("instansi_pengirim"),
                case_subject=fields.get("perihal"),
                name=row["name"],
                institution=row["institution"],
                phone=row["phone"],
                checked_in=datetime.fromisoformat(row["checked_in"]),
                checked_out=_dt(row["checked_out"]),
                escorts=tuple(p["nama"] for p in json.loads(row["assignment"] or "{}")
                              .get("pelaksana", [])),
            )
            for row in self._rows(_GUEST_REGISTER, start=start.isoformat(),
                                  end=end.isoformat())
            for fields in (json.loads(row["fields"]),)
        ]

    # Kiosk and verification

    def documents_after(self, document_id: int) -> list[DocumentRecord]:
        """Documents recorded after `document_id`, oldest first (ids only grow): the codes of
        the others are already known to whoever asks."""
        return [_document(row) for row in self._rows(_DOCUMENTS_AFTER, document_id=document_id)]


_DOCUMENTS_AFTER = text("SELECT * FROM documents WHERE id > :document_id ORDER BY id")


# Accounts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """A desk user. `official`: the config key of an official (kepala_dinas, kepala_uptd) or a
    pelaksana's NIP; `session_epoch` is part of every session, raised to end them all."""

    id: int
    username: str
    full_name: str
    role: str
    email: str | None
    password_hash: str
    official: str | None
    active: bool
    session_epoch: int
    created_at: datetime


def _utc(moment: datetime) -> str:
    """Failure times are compared as text: all in UTC, so the order of the text is time's."""
    return moment.astimezone(UTC).isoformat()


def _account(row: Row) -> Account:
    return Account(
        id=int(row["id"]), username=row["username"], full_name=row["full_name"],
        role=row["role"], email=row["email"], password_hash=row["password_hash"],
        official=row["official"], active=bool(row["active"]),
        session_epoch=int(row["session_epoch"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )


_INSERT_ACCOUNT = text(
    "INSERT INTO users (username, full_name, role, email, password_hash, official, created_at)"
    " VALUES (:username, :full_name, :role, :email, :password_hash, :official, :created_at)"
)
_ACCOUNT_BY_ID = text("SELECT * FROM users WHERE id = :account_id")
_ACCOUNT_BY_NAME = text("SELECT * FROM users WHERE username = :username")
_ALL_ACCOUNTS = text("SELECT * FROM users ORDER BY role, username")
_CHANGE_ACCOUNT = text(
    "UPDATE users SET password_hash = :password_hash, active = :active,"
    " session_epoch = session_epoch + 1 WHERE id = :account_id"
)
_END_SESSIONS = text(
    "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = :account_id"
)
_INSERT_LOGIN_FAILURE = text(
    "INSERT INTO login_failures (username, address, failed_at) VALUES (:username, :address, :at)"
)
_FORGET_LOGIN_FAILURES = text("DELETE FROM login_failures WHERE failed_at < :before")
_LOGIN_FAILURES_OF_NAME = text(
    "SELECT failed_at FROM login_failures WHERE username = :username AND failed_at >= :since"
    " ORDER BY failed_at"
)
_LOGIN_FAILURES_FROM = text(
    "SELECT failed_at FROM login_failures WHERE address = :address AND failed_at >= :since"
    " ORDER BY failed_at"
)
_CLEAR_LOGIN_FAILURES = text("DELETE FROM login_failures WHERE username = :username")


# Statements, built once (SQLAlchemy caches each one's compiled form).
_BEGIN_AND_TAKE_WRITE_TURN = f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"
_TRY_CLAIM = text("SELECT pg_try_advisory_lock(:space, :key)")
_RELEASE_CLAIM = text("SELECT pg_advisory_unlock(:space, :key)")
_NEXT_NUMBER = text(
    "INSERT INTO sequences (name, year, last) VALUES (:name, :year, 1) "
    "ON CONFLICT (name, year) DO UPDATE SET last = sequences.last + 1 RETURNING last"
)
_INSERT_CASE = text(
    "INSERT INTO cases (year, nomor_agenda, state, fields, letter_number, letter_sender,"
    " readings, received_at, folder, original_name, source_path, sha256, archive_sha256,"
    " review_notes, possible_duplicate_of, updated_at, source_bytes, read_method, version,"
    " published_version)"
    " VALUES (:year, :nomor_agenda, :state, :fields, :letter_number, :letter_sender,"
    " :readings, :received_at, :folder, :original_name, :source_path, :sha256,"
    " :archive_sha256, :review_notes, :possible_duplicate_of, :received_at, :source_bytes,"
    " :read_method, 1, 0) RETURNING id"
).bindparams(bindparam("source_bytes", type_=LargeBinary))
_MARK_PUBLISHED = text(
    "UPDATE cases SET published_version = version WHERE id = :case_id AND version = :version"
    " RETURNING id"
)
_AWAITING_ARCHIVE = text(
    "SELECT * FROM cases WHERE archive_sha256 IS NULL AND read_method = 'ocr' ORDER BY id"
)
_SET_ARCHIVE = text("UPDATE cases SET archive_sha256 = :sha256 WHERE id = :case_id")
_INCOMPLETE_CASES = text(
    "SELECT id FROM cases WHERE published_version < version "
    "UNION SELECT case_id FROM documents WHERE status = 'pending' ORDER BY 1"
)
_CASE = text("SELECT * FROM cases WHERE id = :case_id")
_CASE_BY_AGENDA = text("SELECT * FROM cases WHERE year = :year AND nomor_agenda = :agenda")
_CASE_BY_SHA = text("SELECT * FROM cases WHERE sha256 = :sha256")
_CASE_BY_LETTER = text(
    "SELECT * FROM cases WHERE letter_number = :number AND letter_sender = :sender"
    " ORDER BY id LIMIT 1"
)
_ALL_CASES = text("SELECT * FROM cases ORDER BY id")
_CASES_IN_STATE = text("SELECT * FROM cases WHERE state = :state ORDER BY id")
_UNCLEARED_CASES = text("SELECT id FROM cases WHERE inbox_cleared = 0 ORDER BY id")
_CASE_VERSION = text("SELECT version FROM cases WHERE id = :case_id")
_CASE_FOLDER = text("SELECT folder FROM cases WHERE id = :case_id")
_SOURCE_PATH = text("SELECT source_path, source_bytes FROM cases WHERE id = :case_id")
_INBOX_CLEARED = text("SELECT inbox_cleared FROM cases WHERE id = :case_id")
_MARK_INBOX_CLEARED = text("UPDATE cases SET inbox_cleared = 1 WHERE id = :case_id")
_INSERT_EVENT = text(
    "INSERT INTO events (case_id, action, state_from, state_to, actor, at, details)"
    " VALUES (:case_id, :action, :state_from, :state_to, :actor, :at, :details) RETURNING id"
)
_RAISE_VERSION = text("UPDATE cases SET version = version + 1 WHERE id = :case_id")
_EVENTS = text("SELECT * FROM events WHERE case_id = :case_id ORDER BY id")
_PARKED = text("SELECT details FROM events WHERE action = 'intake_failed' ORDER BY id")
_INTAKE_EVENTS = text("SELECT * FROM events WHERE case_id IS NULL ORDER BY id DESC LIMIT :limit")
_ADD_DOCUMENT = text(
    "INSERT INTO documents (case_id, kind, version, event_id, status, created_at)"
    " SELECT :case_id, :kind, COALESCE(MAX(version), 0) + 1, :event_id, 'pending', :at"
    " FROM documents WHERE case_id = :case_id AND kind = :kind RETURNING id"
)
_DOCUMENTS = text("SELECT * FROM documents WHERE case_id = :case_id ORDER BY id")
_ALL_PENDING = text("SELECT * FROM documents WHERE status = 'pending' ORDER BY id")
_PENDING_OF_CASE = text(
    "SELECT * FROM documents WHERE status = 'pending' AND case_id = :case_id ORDER BY id"
)
_MARK_WRITTEN = text(
    "UPDATE documents SET status = 'written', sha256 = :sha256 WHERE id = :document_id"
)
_DOCUMENT = text(
    "SELECT * FROM documents WHERE case_id = :case_id AND kind = :kind AND version = :version"
)
_ANY_DOCUMENT = text("SELECT 1 FROM documents LIMIT 1")
_ALL_DOCUMENTS = text("SELECT * FROM documents ORDER BY id")
_INSERT_SIGNED_COPY = text(
    "INSERT INTO signed_copies (document_id, case_id, file, sha256, archive_file,"
    " archive_sha256, source_name, received_at)"
    " VALUES (:document_id, :case_id, :file, :sha256, :archive_file, :archive_sha256,"
    " :source_name, :received_at) ON CONFLICT DO NOTHING RETURNING id"
)
_SIGNED_COPIES = text("SELECT * FROM signed_copies WHERE case_id = :case_id ORDER BY id")
_SIGNED_COPY_BY_SHA = text(
    "SELECT case_id FROM signed_copies WHERE sha256 = :sha256 OR archive_sha256 = :sha256"
    " ORDER BY id LIMIT 1"
)
_INSERT_GUEST = text(
    "INSERT INTO guests (case_id, name, institution, phone, checked_in)"
    " VALUES (:case_id, :name, :institution, :phone, :at)"
)
_GUEST_INSIDE = text(
    "SELECT id FROM guests WHERE case_id = :case_id AND lower(name) = lower(:name)"
    " AND checked_out IS NULL ORDER BY id LIMIT 1"
)
_CHECK_OUT = text("UPDATE guests SET checked_out = :at WHERE id = :guest_id")
_GUESTS = text("SELECT * FROM guests WHERE case_id = :case_id ORDER BY id")

# Desk queries: a case's latest event is found through events_case (case_id, then id).
_SUMMARY_SELECT = (
    "SELECT c.id, c.year, c.nomor_agenda, c.state, c.received_at, c.fields, c.assignment,"
    " c.decision,"
    " (SELECT e.at FROM events e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1) AS since"
    " FROM cases c"
)
_SUMMARIES_IN_STATE = text(
    f"SELECT * FROM ({_SUMMARY_SELECT} WHERE c.state = :state) AS s"
    " ORDER BY s.since, s.id LIMIT :limit"
)
_STATE_COUNTS = text("SELECT state, COUNT(*) AS n FROM cases GROUP BY state")
_LATEST_EVENT = text("SELECT MAX(id) AS id FROM events")
_READINGS = text("SELECT readings FROM cases WHERE id = :case_id")
_READINGS_IN_STATE = text(
    "SELECT c.id, c.readings FROM cases c WHERE c.state = :state AND NOT EXISTS"
    " (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.action = :checked_by) ORDER BY c.id"
)
_GUEST_REGISTER = text(
    "SELECT g.case_id, g.name, g.institution, g.phone, g.checked_in, g.checked_out,"
    " c.year, c.nomor_agenda, c.fields, c.assignment FROM guests g JOIN cases c ON c.id = g.case_id"
    " WHERE g.checked_in >= :start AND g.checked_in < :end ORDER BY g.checked_in, g.id"
)

# Columns a workflow step may change (update_case builds its SET clause from these names).
_CASE_COLUMNS = frozenset({
    "state", "fields", "review_notes", "disposition", "decision", "assignment",
    "possible_duplicate_of", "archive_sha256",
})


def _fields_columns(fields: LetterFields) -> dict[str, Any]:
    """The letter's fields as JSON, and the two that find a letter registered twice."""
    sender = fields.instansi_pengirim
    return {
        "fields": json.dumps(fields.to_json(), ensure_ascii=False),
        "letter_number": fields.nomor_surat,
        "letter_sender": sender.lower() if sender else None,
    }


def _document(row: Row) -> DocumentRecord:
    return DocumentRecord(
        id=int(row["id"]),
        case_id=int(row["case_id"]),
        kind=row["kind"],
        version=int(row["version"]),
        status=row["status"],
        sha256=row["sha256"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _summary(row: Row) -> CaseSummary:
    fields = json.loads(row["fields"])
    assignment = json.loads(row["assignment"]) if row["assignment"] else {}
    decision = json.loads(row["decision"]) if row["decision"] else {}
    visit = decision.get("tanggal_kunjungan") or fields.get("tanggal_kunjungan")
    visit_time = decision.get("waktu_kunjungan") if decision.get("tanggal_kunjungan") else (
        fields.get("waktu_kunjungan"))
    received = datetime.fromisoformat(row["received_at"])
    return CaseSummary(
        id=int(row["id"]),
        year=int(row["year"]),
        nomor_agenda=row["nomor_agenda"],
        state=row["state"],
        received_at=received,
        since=datetime.fromisoformat(row["since"]) if row["since"] else received,
        instansi_pengirim=fields.get("instansi_pengirim"),
        perihal=fields.get("perihal"),
        nomor_surat=fields.get("nomor_surat"),
        tanggal_kunjungan=date.fromisoformat(visit) if visit else None,
        waktu_kunjungan=time.fromisoformat(visit_time) if visit_time else None,
        pelaksana=tuple(p["nip"] for p in assignment.get("pelaksana", [])),
    )


def _like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _readable_path(path: Path) -> str:
    """The path as text for people reading the database; `source_bytes` keeps it exact."""
    return os.fsencode(path).decode("utf-8", "replace")


def _unwrap(error: Exception) -> Exception:
    """The driver's error inside SQLAlchemy's wrapper (migrations run through SQLAlchemy)."""
    return error.orig if isinstance(error, DBAPIError) and error.orig is not None else error


def _reason(error: BaseException) -> str:
    """The driver's own words, first line."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


# PostgreSQL's SQLSTATEs: a lock not granted in time (lock_timeout), a disk full or read-only.
_PG_BUSY = {"55P03"}
_PG_STORAGE = {"53100", "25006", "58030"}


def _sqlstate(error: BaseException) -> str:
    return str(getattr(error, "sqlstate", None) or "")


def _busy_or(error: BaseException, doing: str) -> KunjunganError:
    """What an operational failure means for people: wait and retry (a lock held too long, a
    server out of reach), or free the disk; the letter is never at fault."""
    message = _reason(error)
    if isinstance(error, sqlite3.Error):
        lowered = message.lower()
        busy = "locked" in lowered or "busy" in lowered
        storage = "full" in lowered or "readonly" in lowered or "disk i/o" in lowered
        unreachable = False
    else:
        busy = _sqlstate(error) in _PG_BUSY
        storage = _sqlstate(error) in _PG_STORAGE
        unreachable = not busy and not storage
    if busy:
        return DatabaseBusyError(
            "basis data sedang dipakai proses lain terlalu lama (lebih dari batas tunggu "
            "database.busy_timeout_seconds); coba lagi sebentar lagi"
        )
    if storage:
        return StorageError(f"{doing}: disk basis data penuh atau hanya-baca ({message})")
    if unreachable:
        return DatabaseBusyError(f"{doing}: server basis data tidak dapat dihubungi ({message});"
                                 " coba lagi sebentar lagi")
    return KunjunganError(f"{doing}: {message}")
