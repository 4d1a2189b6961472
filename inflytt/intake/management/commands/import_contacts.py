"""Import an old register from a CSV or XLSX file (see intake.importer.services for the rules).

manage.py import_contacts FILE --dry-run         # check everything, write nothing
manage.py import_contacts FILE                   # import; a file with errors imports nothing
manage.py import_contacts FILE --skip-invalid    # import the valid rows, report the others
manage.py import_contacts FILE --mapping NAME    # use a mapping saved on the import page
manage.py import_contacts FILE --kind activities # the dialogue: dated activities onto the cards

The last line of the output is JSON: {"rows", "new", "merged", "skipped", "errors": [{"row", "column", "message"}]}.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from inflytt.intake.importer import mapping, services
from inflytt.intake.importer.files import UnreadableFile
from inflytt.intake.models import ImportMapping


class Command(BaseCommand):
    help = "Import contacts (or, with --kind activities, their activities) from a CSV or XLSX file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count; write nothing.")
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows of a file with errors.")
        parser.add_argument("--mapping", help="The name of a saved column mapping.")
        parser.add_argument("--kind", choices=[mapping.CONTACTS, mapping.ACTIVITIES], default=mapping.CONTACTS)

    def handle(self, *args: Any, file: str, dry_run: bool, skip_invalid: bool, kind: str, **options: Any) -> None:
        saved: dict[str, str] | None = None
        if options.get("mapping"):
            found = ImportMapping.objects.filter(name=options["mapping"], kind=kind).first()
            if found is None:
                raise CommandError(f"no saved {kind} mapping named {options['mapping']!r}")
            saved = found.columns
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        run = services.import_contacts if kind == mapping.CONTACTS else services.import_activities
        with path.open("rb") as stream:
            try:
                reader = services.Reader(stream, kind=kind)
            except UnreadableFile as error:
                raise CommandError(str(error)) from None
            columns = mapping.guess_mapping(reader.header, kind=kind, saved=saved)
            for header, field in zip(reader.header, columns, strict=True):
                self.stdout.write(f"{header!r:<32} -> {field or '-'}")
            result = run(
                stream=stream,
                file_name=path.name,
                columns=columns,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=lambda phase, rows: self.stderr.write(f"{phase}: {rows} rows", ending="\r"),
            )
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        if result.errors and not (dry_run or skip_invalid):
            raise CommandError("the file has errors: nothing was imported (see --skip-invalid)", returncode=1)
