"""SQLite store: one file in WAL mode, versioned migrations, cases, events, numbers, documents.

Every workflow action runs inside `Store.transaction()` (BEGIN IMMEDIATE): the state change, its
event, the numbers it takes and the document rows it asks for commit together or not at all.
Reads never take the write lock; `snapshot()` gives several reads one consistent view. A writer
waits at most `busy_timeout` seconds for another's lock, then raises DatabaseBusyError.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pipeline.case import (
    Assignment,
    Case,
    Decision,
    Disposition,
    Event,
    Guest,
    LetterFields,
    Official,
)
from pipeline.errors import DatabaseBusyError, KunjunganError, NotFoundError, StorageError
from pipeline.store.migrations import MIGRATIONS


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


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _disposition_json(d: Disposition) -> str:
    return json.dumps(
        {"to": d.to, "instruction": d.instruction, "sifat": d.sifat, "at": d.at.isoformat(),
         "by": d.by}
    )


def _disposition(raw: str | None) -> Disposition | None:
    if not raw:
        return None
    d = json.loads(raw)
    return Disposition(d["to"], d["instruction"], d["sifat"], datetime.fromisoformat(d["at"]),
                       d["by"])


def _decision_json(d: Decision) -> str:
    return json.dumps(
        {
            "granted": d.granted,
            "at": d.at.isoformat(),
            "by": d.by,
            "letter_number": d.letter_number,
            "visit_date": d.visit_date.isoformat() if d.visit_date else None,
            "visit_time": d.visit_time.strftime("%H:%M") if d.visit_time else None,
            "reason": d.reason,
        }
    )


def _decision(raw: str | None) -> Decision | None:
    if not raw:
        return None
    d = json.loads(raw)
    return Decision(
        granted=d["granted"],
        at=datetime.fromisoformat(d["at"]),
        by=d["by"],
        letter_number=d["letter_number"],
        visit_date=date.fromisoformat(d["visit_date"]) if d["visit_date"] else None,
        visit_time=time.fromisoformat(d["visit_time"]) if d["visit_time"] else None,
        reason=d["reason"],
    )


def _assignment_json(a: Assignment) -> str:
    return json.dumps(
        {
            "letter_number": a.letter_number,
            "at": a.at.isoformat(),
            "by": a.by,
            "pelaksana": [
                {"name": p.name, "nip": p.nip, "rank": p.rank, "position": p.position}
                for p in a.pelaksana
            ],
        }
    )


def _assignment(raw: str | None) -> Assignment | None:
    if not raw:
        return None
    a = json.loads(raw)
    return Assignment(
        letter_number=a["letter_number"],
        at=datetime.fromisoformat(a["at"]),
        by=a["by"],
        pelaksana=tuple(Official(**p) for p in a["pelaksana"]),
    )


ENCODERS: dict[str, Callable[[Any], str]] = {
    "disposition": _disposition_json,
    "decision": _decision_json,
    "assignment": _assignment_json,
}


DEFAULT_BUSY_TIMEOUT = 30.0


class Store:
    def __init__(self, path: Path, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.busy_timeout = busy_timeout
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout)
            self.conn.row_factory = sqlite3.Row
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode=WAL")  # once per database file
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, f"basis data {path} tidak dapat dibuka") from exc
        except sqlite3.DatabaseError as exc:
            raise KunjunganError(f"basis data {path} tidak dapat dibuka: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def _pending_migrations(self) -> list[tuple[str, str]]:
        """Read only: a database that is up to date is opened without the write lock."""
        has_table = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        done = (
            {row["name"] for row in self.conn.execute("SELECT name FROM schema_migrations")}
            if has_table else set()
        )
        return [(name, script) for name, script in MIGRATIONS if name not in done]

    def _migrate(self) -> None:
        if not self._pending_migrations():
            return
        with self.transaction() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            for name, script in self._pending_migrations():  # again, under the lock
                # executescript would COMMIT our transaction; run statement by statement instead.
                for statement in _split_sql(script):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,)
                )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; waits `busy_timeout` for another writer, then gives up."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, "basis data tidak dapat ditulis") from exc
        try:
            yield self.conn
        except sqlite3.OperationalError as exc:  # e.g. the disk filled up under the database
            self.conn.execute("ROLLBACK")
            raise _busy_or(exc, "basis data tidak dapat ditulis") from exc
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.conn.execute("ROLLBACK")
            raise _busy_or(exc, "basis data tidak dapat ditulis") from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the database (a read transaction: no lock that
        keeps writers out, in WAL mode)."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    # -- numbers ---------------------------------------------------------------------------

    @staticmethod
    def next_number(conn: sqlite3.Connection, name: str, year: int) -> int:
        """Take the next number of a per-year sequence (call inside a transaction)."""
        row = conn.execute(
            "INSERT INTO sequences (name, year, last) VALUES (?, ?, 1) "
            "ON CONFLICT (name, year) DO UPDATE SET last = last + 1 RETURNING last",
            (name, year),
        ).fetchone()
        return int(row["last"])

    # -- cases -----------------------------------------------------------------------------

    @staticmethod
    def insert_case(
        conn: sqlite3.Connection,
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
    ) -> int:
        cursor = conn.execute(
            "INSERT INTO cases (year, nomor_agenda, state, fields, readings, received_at, folder,"
            " original_name, source_path, sha256, archive_sha256, review_notes,"
            " possible_duplicate_of, updated_at, source_bytes, version, published_version)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,0)",
            (
                year,
                nomor_agenda,
                state,
                json.dumps(fields.to_json(), ensure_ascii=False),
                json.dumps(readings, ensure_ascii=False),
                received_at.isoformat(),
                folder,
                original_name,
                _readable_path(source_path),
                sha256,
                archive_sha256,
                json.dumps(list(review_notes), ensure_ascii=False),
                possible_duplicate_of,
                received_at.isoformat(),
                os.fsencode(source_path),
            ),
        )
        return int(cursor.lastrowid or 0)

    @staticmethod
    def update_case(
        conn: sqlite3.Connection, case_id: int, at: datetime, **changes: Any
    ) -> None:
        columns: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "fields":
                columns[name] = json.dumps(value.to_json(), ensure_ascii=False)
            elif name in ENCODERS:
                columns[name] = ENCODERS[name](value) if value is not None else None
            elif name == "review_notes":
                columns[name] = json.dumps(list(value), ensure_ascii=False)
            else:
                columns[name] = value
        columns["updated_at"] = at.isoformat()
        assignments = ", ".join(f"{name} = ?" for name in columns)
        conn.execute(
            f"UPDATE cases SET {assignments} WHERE id = ?", (*columns.values(), case_id)
        )

    @staticmethod
    def mark_published(conn: sqlite3.Connection, case_id: int, version: int) -> bool:
        """Record that the folder shows `version`; False when the case has moved on since."""
        cursor = conn.execute(
            "UPDATE cases SET published_version = version WHERE id = ? AND version = ?",
            (case_id, version),
        )
        return cursor.rowcount == 1

    def incomplete_cases(self) -> list[int]:
        """Cases whose folder is behind the database: documents pending, or a manifest not
        rewritten after the last change."""
        rows = self.conn.execute(
            "SELECT id FROM cases WHERE published_version < version "
            "UNION SELECT case_id FROM documents WHERE status = 'pending' ORDER BY 1"
        ).fetchall()
        return [int(row[0]) for row in rows]

    def case(self, case_id: int) -> Case:
        row = self.conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"kasus {case_id} tidak ditemukan")
        return self._case_from_row(row)

    def find_case(self, reference: str) -> Case:
        """A case by id (`12`) or by year and agenda number (`2026/0012`)."""
        reference = reference.strip()
        if reference.isdigit() and len(reference) < 12:
            return self.case(int(reference))
        year, _, agenda = reference.partition("/")
        if year.isdigit() and agenda:
            row = self.conn.execute(
                "SELECT * FROM cases WHERE year = ? AND nomor_agenda = ?", (int(year), agenda)
            ).fetchone()
            if row is not None:
                return self._case_from_row(row)
        raise NotFoundError(
            f"kasus {reference!r} tidak ditemukan; sebut nomor kasus (mis. 12) "
            "atau tahun/nomor agenda (mis. 2026/0012)"
        )

    def case_by_sha(self, sha256: str) -> Case | None:
        row = self.conn.execute("SELECT * FROM cases WHERE sha256 = ?", (sha256,)).fetchone()
        return self._case_from_row(row) if row else None

    def case_by_letter(self, nomor_surat: str, instansi: str) -> Case | None:
        row = self.conn.execute(
            "SELECT * FROM cases WHERE json_extract(fields, '$.nomor_surat') = ? "
            "AND lower(json_extract(fields, '$.instansi_pengirim')) = lower(?) "
            "ORDER BY id LIMIT 1",
            (nomor_surat, instansi),
        ).fetchone()
        return self._case_from_row(row) if row else None

    def cases(self, state: str | None = None) -> list[Case]:
        if state is None:
            rows = self.conn.execute("SELECT * FROM cases ORDER BY id").fetchall()
        else:
            rows = self.conn.execute(
                "SELECT * FROM cases WHERE state = ? ORDER BY id", (state,)
            ).fetchall()
        return [self._case_from_row(row) for row in rows]

    def uncleared_cases(self) -> list[int]:
        """Cases whose inbox original may still be there."""
        rows = self.conn.execute("SELECT id FROM cases WHERE inbox_cleared = 0").fetchall()
        return [int(row["id"]) for row in rows]

    def case_folder(self, case_id: int) -> str:
        row = self.conn.execute("SELECT folder FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"kasus {case_id} tidak ditemukan")
        return str(row["folder"])

    def case_version(self, case_id: int) -> int:
        row = self.conn.execute("SELECT version FROM cases WHERE id = ?", (case_id,)).fetchone()
        return int(row["version"])

    def source_path(self, case_id: int) -> Path:
        """Where the original was in the inbox, exactly (bytes that are not UTF-8 included)."""
        row = self.conn.execute(
            "SELECT source_path, source_bytes FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        raw = row["source_bytes"]
        return Path(os.fsdecode(bytes(raw))) if raw is not None else Path(row["source_path"])

    def inbox_cleared(self, case_id: int) -> bool:
        row = self.conn.execute(
            "SELECT inbox_cleared FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        return bool(row["inbox_cleared"])

    @staticmethod
    def mark_inbox_cleared(conn: sqlite3.Connection, case_id: int) -> None:
        conn.execute("UPDATE cases SET inbox_cleared = 1 WHERE id = ?", (case_id,))

    def cases_awaiting_archive(self) -> list[Case]:
        """Cases read by OCR whose PDF/A copy is not made yet (it follows their documents)."""
        rows = self.conn.execute(
            "SELECT * FROM cases WHERE archive_sha256 IS NULL AND id IN (SELECT case_id FROM"
            " events WHERE json_extract(details, '$.read_method') = 'ocr') ORDER BY id"
        ).fetchall()
        return [self._case_from_row(row) for row in rows]

    @staticmethod
    def set_archive(conn: sqlite3.Connection, case_id: int, sha256: str) -> None:
        conn.execute("UPDATE cases SET archive_sha256 = ? WHERE id = ?", (sha256, case_id))

    def _case_from_row(self, row: sqlite3.Row) -> Case:
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
            disposition=_disposition(row["disposition"]),
            decision=_decision(row["decision"]),
            assignment=_assignment(row["assignment"]),
            guests=tuple(self.guests(case_id)),
            events=tuple(self.events(case_id)),
            review_notes=tuple(json.loads(row["review_notes"])),
            possible_duplicate_of=row["possible_duplicate_of"],
            version=int(row["version"]),
        )

    # -- events ----------------------------------------------------------------------------

    @staticmethod
    def insert_event(
        conn: sqlite3.Connection,
        *,
        case_id: int | None,
        action: str,
        state_from: str | None,
        state_to: str | None,
        actor: str,
        at: datetime,
        details: dict[str, Any],
    ) -> int:
        cursor = conn.execute(
            "INSERT INTO events (case_id, action, state_from, state_to, actor, at, details)"
            " VALUES (?,?,?,?,?,?,?)",
            (case_id, action, state_from, state_to, actor, at.isoformat(),
             json.dumps(details, ensure_ascii=False, default=str)),
        )
        if case_id is not None:
            # Every event of a case shows in its manifest: the folder is behind until published.
            conn.execute("UPDATE cases SET version = version + 1 WHERE id = ?", (case_id,))
        return int(cursor.lastrowid or 0)

    def events(self, case_id: int) -> list[Event]:
        rows = self.conn.execute(
            "SELECT * FROM events WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [
            Event(
                action=row["action"],
                state_from=row["state_from"],
                state_to=row["state_to"],
                actor=row["actor"],
                at=datetime.fromisoformat(row["at"]),
                details=json.loads(row["details"]),
            )
            for row in rows
        ]

    def parked_notes(self) -> dict[str, str]:
        """Notes written beside parked files: note name -> the parked file's name. (Releases
        before notes were recorded named them `<file>.txt`.)"""
        rows = self.conn.execute(
            "SELECT json_extract(details, '$.moved_to') AS moved,"
            " json_extract(details, '$.note') AS note"
            " FROM events WHERE action = 'intake_failed' ORDER BY id"
        ).fetchall()
        return {row["note"] or f"{row['moved']}.txt": row["moved"] for row in rows
                if row["moved"]}

    def intake_events(self, limit: int = 100) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM events WHERE case_id IS NULL ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()

    # -- documents -------------------------------------------------------------------------

    @staticmethod
    def add_document(
        conn: sqlite3.Connection, case_id: int, kind: str, event_id: int, at: datetime
    ) -> int:
        row = conn.execute(
            "SELECT COALESCE(MAX(version), 0) + 1 AS v FROM documents "
            "WHERE case_id = ? AND kind = ?",
            (case_id, kind),
        ).fetchone()
        cursor = conn.execute(
            "INSERT INTO documents (case_id, kind, version, event_id, status, created_at)"
            " VALUES (?,?,?,?, 'pending', ?)",
            (case_id, kind, int(row["v"]), event_id, at.isoformat()),
        )
        return int(cursor.lastrowid or 0)

    def documents(self, case_id: int) -> list[DocumentRecord]:
        rows = self.conn.execute(
            "SELECT * FROM documents WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [_document(row) for row in rows]

    def pending_documents(self, case_id: int | None = None) -> list[DocumentRecord]:
        if case_id is None:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE status = 'pending' ORDER BY id"
            ).fetchall()
        else:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE status = 'pending' AND case_id = ? ORDER BY id",
                (case_id,),
            ).fetchall()
        return [_document(row) for row in rows]

    @staticmethod
    def mark_written(conn: sqlite3.Connection, document_id: int, sha256: str) -> None:
        conn.execute(
            "UPDATE documents SET status = 'written', sha256 = ? WHERE id = ?",
            (sha256, document_id),
        )

    def document(self, case_id: int, kind: str, version: int) -> DocumentRecord | None:
        row = self.conn.execute(
            "SELECT * FROM documents WHERE case_id = ? AND kind = ? AND version = ?",
            (case_id, kind, version),
        ).fetchone()
        return _document(row) if row else None

    def has_documents(self) -> bool:
        return self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None

    def all_documents(self) -> list[DocumentRecord]:
        return [_document(row) for row in self.conn.execute("SELECT * FROM documents")]

    # -- signed copies ---------------------------------------------------------------------

    @staticmethod
    def insert_signed_copy(conn: sqlite3.Connection, copy: SignedCopy) -> bool:
        """Record a signed copy; False when that very file was recorded before."""
        cursor = conn.execute(
            "INSERT OR IGNORE INTO signed_copies (document_id, case_id, file, sha256,"
            " archive_file, archive_sha256, source_name, received_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (copy.document_id, copy.case_id, copy.file, copy.sha256, copy.archive_file,
             copy.archive_sha256, copy.source_name, copy.received_at.isoformat()),
        )
        return cursor.rowcount == 1

    def signed_copies(self, case_id: int) -> list[SignedCopy]:
        rows = self.conn.execute(
            "SELECT * FROM signed_copies WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
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
            for row in rows
        ]

    def signed_copy_by_sha(self, sha256: str) -> SignedCopy | None:
        row = self.conn.execute(
            "SELECT case_id, id FROM signed_copies WHERE sha256 = ? OR archive_sha256 = ?",
            (sha256, sha256),
        ).fetchone()
        if row is None:
            return None
        return next(c for c in self.signed_copies(int(row["case_id"]))
                    if sha256 in (c.sha256, c.archive_sha256))

    # -- guests ----------------------------------------------------------------------------

    @staticmethod
    def insert_guest(
        conn: sqlite3.Connection,
        case_id: int,
        name: str,
        institution: str | None,
        phone: str | None,
        at: datetime,
    ) -> None:
        conn.execute(
            "INSERT INTO guests (case_id, name, institution, phone, checked_in)"
            " VALUES (?,?,?,?,?)",
            (case_id, name, institution, phone, at.isoformat()),
        )

    @staticmethod
    def check_out_guest(conn: sqlite3.Connection, case_id: int, name: str, at: datetime) -> bool:
        row = conn.execute(
            "SELECT id FROM guests WHERE case_id = ? AND lower(name) = lower(?) "
            "AND checked_out IS NULL ORDER BY id LIMIT 1",
            (case_id, name),
        ).fetchone()
        if row is None:
            return False
        conn.execute("UPDATE guests SET checked_out = ? WHERE id = ?", (at.isoformat(), row["id"]))
        return True

    def guests(self, case_id: int) -> list[Guest]:
        rows = self.conn.execute(
            "SELECT * FROM guests WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        return [
            Guest(
                name=row["name"],
                institution=row["institution"],
                phone=row["phone"],
                checked_in=datetime.fromisoformat(row["checked_in"]),
                checked_out=_dt(row["checked_out"]),
            )
            for row in rows
        ]


def _document(row: sqlite3.Row) -> DocumentRecord:
    return DocumentRecord(
        id=int(row["id"]),
        case_id=int(row["case_id"]),
        kind=row["kind"],
        version=int(row["version"]),
        status=row["status"],
        sha256=row["sha256"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _readable_path(path: Path) -> str:
    """The path as text for people reading the database; `source_bytes` keeps it exact."""
    return os.fsencode(path).decode("utf-8", "replace")


def _busy_or(error: sqlite3.OperationalError, doing: str) -> KunjunganError:
    message = str(error).lower()
    if "locked" in message or "busy" in message:
        return DatabaseBusyError(
            "basis data sedang dipakai proses lain terlalu lama (lebih dari batas tunggu "
            "database.busy_timeout_seconds); coba lagi sebentar lagi"
        )
    if "full" in message or "readonly" in message or "disk i/o" in message:
        return StorageError(f"{doing}: disk basis data penuh atau hanya-baca ({error})")
    return KunjunganError(f"{doing}: {error}")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (BEGIN ... END;) whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
