"""Schema migrations: Alembic revisions in `versions/`, applied in order inside the store's
write transaction. Never edit a released revision: add a new one.

Releases before Alembic recorded their SQL migrations by name in `schema_migrations`; the first
four revisions carry those names, so such a database is stamped at the last one it had and
upgraded in place from there.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from alembic.config import Config as AlembicConfig
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

LEGACY_TABLE = "schema_migrations"
VERSION_TABLE = "alembic_version"

log = logging.getLogger(__name__)
# Alembic tells at INFO level about its plugins and every step; the service logs at INFO.
logging.getLogger("alembic").setLevel(logging.WARNING)


@cache
def scripts() -> ScriptDirectory:
    """The revisions, read once per process."""
    return ScriptDirectory(str(Path(__file__).parent))


def head() -> str:
    revision = scripts().get_current_head()
    assert revision is not None
    return revision


def current_revision(connection: Connection) -> str | None:
    """Where the database stands: its Alembic revision, else the last migration an earlier
    release recorded, else None (an empty database). Reads only, and quickly: every worker
    process asks when it opens the store."""
    tables = inspect(connection)
    if tables.has_table(VERSION_TABLE):
        return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    if not tables.has_table(LEGACY_TABLE):
        return None
    names = {row[0] for row in connection.execute(text(f"SELECT name FROM {LEGACY_TABLE}"))}
    known = [r.revision for r in reversed(list(scripts().walk_revisions()))]
    applied = [name for name in known if name in names]
    return applied[-1] if applied else None


def upgrade(connection: Connection) -> None:
    """Bring the schema to the newest revision; the caller holds the write transaction."""
    context = MigrationContext.configure(connection)
    start = current_revision(connection)
    if context.get_current_revision() is None and start is not None:  # an earlier release's
        context.stamp(scripts(), start)
        connection.execute(text(f"DROP TABLE {LEGACY_TABLE}"))
    config = AlembicConfig()

    def steps(heads: Any, _context: MigrationContext) -> Any:
        return scripts()._upgrade_revs("head", heads)  # what `alembic upgrade head` runs

    with EnvironmentContext(config, scripts(), fn=steps, destination_rev="head") as environment:
        environment.configure(connection=connection)
        environment.run_migrations()
    log.info("database schema upgraded from %s to %s", start or "nothing", head())
