"""Django set-up shared by the benchmark scripts.

The benchmark never touches the developer's database: without DATABASE_URL it uses SQLite in
bench/out/data (or INFLYTT_DATA_DIR when set), with DATABASE_URL the database named there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# INFLYTT_BENCH_OUT: somewhere else for the files a benchmark writes (a worktree whose bench/out is
# shared with others' must not write into it).
OUT_DIR = Path(os.environ.get("INFLYTT_BENCH_OUT") or BENCH_DIR / "out")
DEFAULT_DATA_DIR = OUT_DIR / "data"

# The contact that carries exactly CARD_ACTIVITIES activities (the card benchmark finds it by email).
CARD_EMAIL = "bench.card@bench.example"
CARD_ACTIVITIES = 1_000
GUIDE_EMAIL = "bench.guide@bench.example"


def configure(data_dir: Path | None = None) -> None:
    """Point the settings at the benchmark database and run django.setup()."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inflytt.settings")
    os.environ["INFLYTT_HTTPS"] = "0"
    os.environ["DEBUG"] = "0"
    os.environ["INFLYTT_DEMO"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    # Deliberately not the INFLYTT_DATA_DIR of the shell: that may be the developer's own data.
    os.environ["INFLYTT_DATA_DIR"] = str(data_dir or DEFAULT_DATA_DIR)
    Path(os.environ["INFLYTT_DATA_DIR"]).mkdir(parents=True, exist_ok=True)

    import django

    django.setup()


def registration_form(*, email: str, last_name: str, **overrides: Any) -> dict[str, Any]:
    """The public form as a person sends it (signed start token included): the one definition, the
    tests' (inflytt/intake/tests/helpers.py), used by bench/registration.py and bench/load.py."""
    from inflytt.intake.tests.helpers import form_data

    return form_data(**{"first_name": "Bench", **overrides, "last_name": last_name, "email": email})


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} at {connection.settings_dict['NAME']}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version}, database {connection.settings_dict['NAME']}"
