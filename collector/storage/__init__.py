"""Storage: every SQL statement in takeup lives in this package.

The rest of the code talks to a ``Store`` through the small set of methods in
``sqlite.SQLiteStore``; a PostgreSQL store will implement the same methods.
"""
from .sqlite import Conflict, SQLiteStore

__all__ = ["Conflict", "SQLiteStore", "open_store"]


def open_store(config) -> SQLiteStore:
    """The store named by the app's configuration."""
    return SQLiteStore(
        config["DATABASE"],
        synchronous=config["SYNCHRONOUS"],
        busy_timeout_ms=config["BUSY_TIMEOUT_MS"],
    )
