"""Signed paper copies scanned back, recognised by the QR stamp of the document."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_signed_copies"
down_revision = "0002_archive_copy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signed_copies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("archive_file", sa.Text),
        sa.Column("archive_sha256", sa.Text),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("received_at", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "sha256"),
    )
    op.create_index("signed_copies_case", "signed_copies", ["case_id"])
