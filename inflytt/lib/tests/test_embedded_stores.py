"""The embedded stack's cache and queue storage (issue 16: the registration's cost besides the database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from inflytt.lib import cache as cache_module
from inflytt.lib.cache import FileCache
from inflytt.lib.queue import SqliteHuey


def test_the_file_cache_lists_its_directory_once_in_many_writes(tmp_path: Path, monkeypatch):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100_000}})
    listings: list[int] = []
    real = FileCache._list_cache_files  # type: ignore[attr-defined]  # private, not in the stubs

    def counted(self):
        listings.append(1)
        return real(self)

    monkeypatch.setattr(FileCache, "_list_cache_files", counted)
    for number in range(cache_module.CULL_EVERY):
        cache.set(f"key{number}", number, 60)
    assert len(listings) == 1
    assert cache.get("key7") == 7 and cache.add("key7", 0) is False


def test_the_file_cache_still_culls_when_it_is_full(tmp_path: Path):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    for number in range(3 * cache_module.CULL_EVERY):
        cache.set(f"key{number}", number, 60)
    assert len(list(tmp_path.glob("*.djcache"))) < 3 * cache_module.CULL_EVERY


def test_the_embedded_queue_commits_without_a_full_fsync(tmp_path: Path):
    huey = SqliteHuey("test", filename=str(tmp_path / "tasks.sqlite3"))
    connection = huey.storage.conn
    assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL, as the main database
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    huey.storage.enqueue(b"task")
    assert huey.storage.queue_size() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database's own settings")
def test_the_embedded_database_reads_its_file_through_a_memory_map(tmp_path: Path, settings):
    """A list that reads thousands of scattered cards made a system call per page of the file
    (bench/README.md, ninth pass); mapped, the pages come from the cache every process shares."""
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(tmp_path / "inflytt.sqlite3")})
    # The connection Django opens, with its init_command (pytest-django guards wrapper.cursor()).
    opened = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        assert opened.execute("PRAGMA mmap_size").fetchone()[0] == settings.SQLITE_MMAP_BYTES
        assert opened.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        opened.close()
