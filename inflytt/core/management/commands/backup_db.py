from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from inflytt.core import backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite online backup, or pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="File to write (default: <data dir>/backups/<time>).")

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        if connection.vendor == "sqlite":
            target = options["output"] or settings.DATA_DIR / "backups" / f"inflytt-{stamp}.sqlite3"
            backup.backup_sqlite(Path(db["NAME"]), target)
        else:
            target = options["output"] or settings.DATA_DIR / "backups" / f"inflytt-{stamp}.pgdump"
            backup.backup_postgres(db, target)
        self.stdout.write(str(target))
