"""`manage.py report <period> [--party SLUG] [--format json|pdf|xlsx] [--audience steering|staff]`.

The same data as the pages (presentation.ReportView); the JSON shape is documented in the README.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from inflytt.reports import exports
from inflytt.reports.periods import PeriodError, parse_period
from inflytt.reports.presentation import AUDIENCES, STEERING, present
from inflytt.reports.selectors import build_report, report_parties


class Command(BaseCommand):
    help = "Print or write the report of a period: 2026Q4, 2026 or 2026-01-01..2026-03-31."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period")
        parser.add_argument("--party", help="a party's slug; without it, the whole programme")
        parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
        parser.add_argument(
            "--audience",
            choices=AUDIENCES,
            default=STEERING,
            help="steering: small cells suppressed (the default); staff: exact counts",
        )
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from None
        party = None
        if options["party"]:
            party = report_parties().filter(slug=options["party"]).first()
            if party is None:
                raise CommandError(f"There is no active party {options['party']!r}.")
        with translation.override(settings.LANGUAGE_CODE):
            view = present(build_report(period=period), audience=options["audience"], party=party)
            if options["format"] == "json":
                data = (json.dumps(view.as_json(), ensure_ascii=False, indent=2) + "\n").encode()
            elif options["format"] == "pdf":
                data = exports.report_pdf(view)
            else:
                data = exports.report_xlsx(view)
        if options["output"]:
            Path(options["output"]).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
