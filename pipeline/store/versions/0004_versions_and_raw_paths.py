"""Every change raises `version`; publishing records the version its folder shows, so a case
whose documents or manifest could not be written (full or read-only disk) is found and
completed later. The inbox path is also kept as the filesystem's bytes: a name that is not
UTF-8 stays exact."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_versions_and_raw_paths"
down_revision = "0003_signed_copies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column(
        "cases", sa.Column("published_version", sa.Integer, nullable=False, server_default="1")
    )
    op.add_column("cases", sa.Column("source_bytes", sa.LargeBinary))
