"""Cases, the append-only event log, number sequences, documents, guests."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

# Events are append-only, refused by the database itself and not only by our code.
SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
)
POSTGRESQL_APPEND_ONLY = (
    "CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION 'events are append-only'"
    " USING ERRCODE = 'integrity_constraint_violation'; END $$",
    "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events"
    " FOR EACH ROW EXECUTE FUNCTION events_append_only()",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events"
    " FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()",
)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("nomor_agenda", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("readings", sa.Text, nullable=False, server_default="{}"),
        sa.Column("received_at", sa.Text, nullable=False),
        sa.Column("folder", sa.Text, nullable=False, unique=True),
        sa.Column("original_name", sa.Text, nullable=False),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False, unique=True),
        sa.Column("inbox_cleared", sa.Integer, nullable=False, server_default="0"),
        sa.Column("review_notes", sa.Text, nullable=False, server_default="[]"),
        sa.Column("possible_duplicate_of", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("disposition", sa.Text),
        sa.Column("decision", sa.Text),
        sa.Column("assignment", sa.Text),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.UniqueConstraint("year", "nomor_agenda"),
    )
    op.create_index("cases_state", "cases", ["state"])
    if op.get_bind().dialect.name == "sqlite":  # as the first release made it (see 0005)
        op.execute("CREATE INDEX cases_letter ON cases(json_extract(fields, '$.nomor_surat'))")

    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("state_from", sa.Text),
        sa.Column("state_to", sa.Text),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False, server_default="{}"),
    )
    op.create_index("events_case", "events", ["case_id"])
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_APPEND_ONLY if dialect == "sqlite" else POSTGRESQL_APPEND_ONLY:
        op.execute(statement)

    op.create_table(
        "sequences",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )

    # A row is written in the same transaction as the action that asks for the document
    # ('pending'), and marked 'written' once the file is on disk.
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.CheckConstraint("status IN ('pending', 'written')"),
        sa.UniqueConstraint("case_id", "kind", "version"),
    )
    pending = sa.text("status = 'pending'")
    op.create_index("documents_pending", "documents", ["status"], sqlite_where=pending,
                    postgresql_where=pending)

    op.create_table(
        "guests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("institution", sa.Text),
        sa.Column("phone", sa.Text),
        sa.Column("checked_in", sa.Text, nullable=False),
        sa.Column("checked_out", sa.Text),
    )
    op.create_index("guests_case", "guests", ["case_id"])
