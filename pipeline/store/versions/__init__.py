"""Alembic revisions of the store's schema, applied in order (pipeline/store/migrations.py).
The first four keep the names of the SQL migrations of earlier releases, so that a database
they made is stamped where it stands and upgraded from there. Never edit a released one."""
