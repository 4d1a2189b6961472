from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from inflytt.core import backup


class Command(BaseCommand):
    help = "Replace the database with a backup made by backup_db. Stop the web server and worker first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["backup"]
        if not source.exists():
            raise CommandError(f"No such file: {source}")
        if not options["yes"] and input("This replaces all data in the database. Type 'yes': ") != "yes":
            raise CommandError("Cancelled.")
        db = settings.DATABASES["default"]
        connection.close()
        if connection.vendor == "sqlite":
            backup.restore_sqlite(source, Path(db["NAME"]))
        else:
            backup.restore_postgres(db, source)
        self.stdout.write("Restored.")
