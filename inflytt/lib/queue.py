"""The embedded task queue's storage (SQLite, when no REDIS_URL is set; docs/decisions/0001).

huey's SqliteStorage keeps SQLite's default `synchronous=FULL`, so every enqueue waits for an fsync
of the WAL: on the public registration that was the largest single cost after the database's own
commit (issue 16, bench/registration.py). NORMAL is what the main database runs with (settings.py):
in WAL mode it cannot corrupt the file; a power cut can lose the last tasks, which the sweeps
re-queue from the database (registration mails, docs/decisions/0014).
"""

from __future__ import annotations

import sqlite3

from huey import SqliteHuey as _SqliteHuey
from huey.storage import SqliteStorage as _SqliteStorage


class SqliteStorage(_SqliteStorage):  # type: ignore[misc]  # huey ships no type information
    def _create_connection(self) -> sqlite3.Connection:
        connection = super()._create_connection()
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection  # type: ignore[no-any-return]  # huey ships no type information


class SqliteHuey(_SqliteHuey):  # type: ignore[misc]  # huey ships no type information
    storage_class = SqliteStorage
