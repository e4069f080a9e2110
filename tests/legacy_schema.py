"""The SQL migrations of releases before the store moved to Alembic, exactly as they shipped:
tests make databases of those releases with them, to check that they are upgraded in place."""

from __future__ import annotations

LEGACY_MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_initial",
        """
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            nomor_agenda TEXT NOT NULL,
            state TEXT NOT NULL,
            fields TEXT NOT NULL,
            readings TEXT NOT NULL DEFAULT '{}',
            received_at TEXT NOT NULL,
            folder TEXT NOT NULL UNIQUE,
            original_name TEXT NOT NULL,
            source_path TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            inbox_cleared INTEGER NOT NULL DEFAULT 0,
            review_notes TEXT NOT NULL DEFAULT '[]',
            possible_duplicate_of INTEGER REFERENCES cases(id),
            disposition TEXT,
            decision TEXT,
            assignment TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (year, nomor_agenda)
        );
        CREATE INDEX cases_state ON cases(state);
        CREATE INDEX cases_letter ON cases(json_extract(fields, '$.nomor_surat'));

        -- Append-only: nothing updates or deletes an event.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            case_id INTEGER REFERENCES cases(id),
            action TEXT NOT NULL,
            state_from TEXT,
            state_to TEXT,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_case ON events(case_id);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

        CREATE TABLE sequences (
            name TEXT NOT NULL,
            year INTEGER NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (name, year)
        );

        -- A row is written in the same transaction as the action that asks for the document
        -- ('pending'), and marked 'written' once the file is on disk.
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            kind TEXT NOT NULL,
            version INTEGER NOT NULL,
            event_id INTEGER NOT NULL REFERENCES events(id),
            status TEXT NOT NULL CHECK (status IN ('pending', 'written')),
            sha256 TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (case_id, kind, version)
        );
        CREATE INDEX documents_pending ON documents(status) WHERE status = 'pending';

        CREATE TABLE guests (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            name TEXT NOT NULL,
            institution TEXT,
            phone TEXT,
            checked_in TEXT NOT NULL,
            checked_out TEXT
        );
        CREATE INDEX guests_case ON guests(case_id);
        """,
    ),
    (
        "0002_archive_copy",
        """
        -- SHA-256 of the searchable PDF/A copy made by OCR (NULL for letters with a text layer).
        ALTER TABLE cases ADD COLUMN archive_sha256 TEXT;
        """,
    ),
    (
        "0003_signed_copies",
        """
        -- Signed paper copies scanned back, recognised by the QR stamp of the document.
        CREATE TABLE signed_copies (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            case_id INTEGER NOT NULL REFERENCES cases(id),
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            archive_file TEXT,
            archive_sha256 TEXT,
            source_name TEXT NOT NULL,
            received_at TEXT NOT NULL,
            UNIQUE (document_id, sha256)
        );
        CREATE INDEX signed_copies_case ON signed_copies(case_id);
        """,
    ),
    (
        "0004_versions_and_raw_paths",
        """
        -- Every change raises `version`; publishing records the version its folder shows, so a
        -- case whose documents or manifest could not be written (full or read-only disk) is
        -- found and completed later.
        ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE cases ADD COLUMN published_version INTEGER NOT NULL DEFAULT 1;
        -- The inbox path as the filesystem's bytes: a name that is not UTF-8 stays exact.
        ALTER TABLE cases ADD COLUMN source_bytes BLOB;
        """,
    ),
)
