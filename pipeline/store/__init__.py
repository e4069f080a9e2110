"""Store: SQLite or PostgreSQL behind one class; cases, events, number sequences, documents,
guests. The only package that knows the database."""

from pipeline.store.db import DocumentRecord, SignedCopy, Store, Transaction

__all__ = ["DocumentRecord", "SignedCopy", "Store", "Transaction"]
