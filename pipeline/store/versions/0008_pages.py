"""The desk's lists: since when each case waits is the time of its latest event, found for
every open case on each Kotak Masuk. An index holding (case, event id, time) answers it from
the index alone (a third of the dashboard's query time with 10,000 cases: bench/web.py)."""

from __future__ import annotations

from alembic import op

revision = "0008_pages"
down_revision = "0007_web_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("events_case_latest", "events", ["case_id", "id", "at"])
