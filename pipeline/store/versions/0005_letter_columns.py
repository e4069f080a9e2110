"""The letter's number and sender as columns of their own, so that finding a letter registered
twice is one indexed query on every database (it read JSON with SQLite's json_extract)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005_letter_columns"
down_revision = "0004_versions_and_raw_paths"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("letter_number", sa.Text))
    op.add_column("cases", sa.Column("letter_sender", sa.Text))
    bind = op.get_bind()
    fill = sa.text("UPDATE cases SET letter_number = :number, letter_sender = :sender"
                   " WHERE id = :id")
    for case_id, raw in bind.execute(sa.text("SELECT id, fields FROM cases")).all():
        fields = json.loads(raw)
        sender = fields.get("instansi_pengirim")
        bind.execute(fill, {"id": case_id, "number": fields.get("nomor_surat"),
                            "sender": sender.lower() if sender else None})
    if bind.dialect.name == "sqlite":
        op.drop_index("cases_letter", "cases")
    op.create_index("cases_letter", "cases", ["letter_number", "letter_sender"])
