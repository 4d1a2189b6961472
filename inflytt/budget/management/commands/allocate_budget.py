from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from inflytt.budget.services import allocate_budget


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


class Command(BaseCommand):
    help = "Print what each party pays for a budget year, per area and in total (whole kronor)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            allocation = allocate_budget(year=options["year"])
        except Http404:
            raise CommandError(f"There is no budget for {options['year']}.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        headers = ["party", *[area.slug for area in allocation.areas], "total"]
        rows = [[row.party.slug, *[_kr(amount) for amount in row.by_area], _kr(row.total)] for row in allocation.rows]
        rows.append(["total", *[_kr(amount) for amount in allocation.area_totals], _kr(allocation.total)])
        widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
        for number, row in enumerate([headers, *rows]):
            cells = [str(row[0]).ljust(widths[0])]
            cells += [str(cell).rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
            self.stdout.write("  ".join(cells))
            if number == 0 or number == len(rows) - 1:
                self.stdout.write("  ".join("-" * width for width in widths))
