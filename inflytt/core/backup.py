"""Consistent database backups: SQLite's online backup API, pg_dump on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore are the tools for PostgreSQL
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database page by page; writers may go on meanwhile (WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore_sqlite(backup: Path, target: Path) -> None:
    """Put a backup in place of the database (the services must be stopped).

    The backup API writes through a connection to the target, so its WAL stays consistent.
    """
    src, dst = sqlite3.connect(backup), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_env(db: Mapping[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: Mapping[str, Any]) -> list[str]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def backup_postgres(db: Mapping[str, Any], target: Path) -> None:
    pg_dump = shutil.which("pg_dump") or "pg_dump"
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603
        [pg_dump, "--format=custom", "--no-owner", f"--file={target}", *_pg_args(db), str(db["NAME"])],
        check=True,
        env=_pg_env(db),
    )


def restore_postgres(db: Mapping[str, Any], backup: Path) -> None:
    pg_restore = shutil.which("pg_restore") or "pg_restore"
    subprocess.run(  # noqa: S603
        [pg_restore, "--clean", "--if-exists", "--no-owner", f"--dbname={db['NAME']}", *_pg_args(db), str(backup)],
        check=True,
        env=_pg_env(db),
    )
