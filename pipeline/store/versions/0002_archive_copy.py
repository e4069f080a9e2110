"""SHA-256 of the searchable PDF/A copy made by OCR (NULL for letters with a text layer)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_archive_copy"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("archive_sha256", sa.Text))
