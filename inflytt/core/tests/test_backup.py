from __future__ import annotations

import sqlite3

from inflytt.core.backup import backup_sqlite, restore_sqlite


def _execute(path, *statements):
    db = sqlite3.connect(path)
    try:
        with db:
            for sql, *params in statements:
                db.executemany(sql, params[0]) if params else db.execute(sql)
        return db.execute("SELECT name FROM contact ORDER BY id").fetchall()
    finally:
        db.close()


def test_backup_wipe_restore_gives_back_the_same_rows(tmp_path):
    live = tmp_path / "live.sqlite3"
    original = _execute(
        live,
        ("PRAGMA journal_mode=WAL",),
        ("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)",),
        ("INSERT INTO contact (name) VALUES (?)", [("Åsa",), ("Örjan",)]),
    )
    saved = tmp_path / "backups" / "copy.sqlite3"
    backup_sqlite(live, saved)

    assert _execute(live, ("DELETE FROM contact",)) == []
    restore_sqlite(saved, live)

    assert _execute(live) == original == [("Åsa",), ("Örjan",)]
