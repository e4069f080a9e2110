"""Store: SQLite with migrations; cases, events, number sequences, documents, guests."""
