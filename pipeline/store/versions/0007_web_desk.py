"""The web desk: user accounts (linked to the officials and pelaksana of the configuration),
failed logins for throttling, and the mail queue of notifications (sent and retried apart from
the actions that queue them)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_web_desk"
down_revision = "0006_read_method"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("email", sa.Text),
        sa.Column("password_hash", sa.Text, nullable=False),
        # config key of the official (kepala_dinas, kepala_uptd) or a pelaksana's NIP
        sa.Column("official", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        # raised when the password changes or the account is disabled: older sessions end
        sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("failed_at", sa.Text, nullable=False),
    )
    op.create_index("login_failures_username", "login_failures", ["username", "failed_at"])
    op.create_index("login_failures_address", "login_failures", ["address", "failed_at"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        # one mail per reason: e.g. "waiting:<case>:<version>:<user>" or "digest:<date>:<user>"
        sa.Column("dedupe_key", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.Text, nullable=False),
        sa.Column("sent_at", sa.Text),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("notifications_unsent", "notifications", ["sent_at", "next_attempt_at"])
