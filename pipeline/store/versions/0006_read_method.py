"""How each letter was read (text layer or OCR) as a column: recovery finds the scans still
waiting for their PDF/A copy with one query on every database (it read the event's JSON)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006_read_method"
down_revision = "0005_letter_columns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("read_method", sa.Text))
    bind = op.get_bind()
    fill = sa.text("UPDATE cases SET read_method = :method WHERE id = :id")
    registrations = sa.text(
        "SELECT case_id, details FROM events WHERE state_from IS NULL AND case_id IS NOT NULL"
    )
    for case_id, raw in bind.execute(registrations).all():
        method = json.loads(raw).get("read_method")
        if method:
            bind.execute(fill, {"id": case_id, "method": method})
