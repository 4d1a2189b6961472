"""Reading an outcome file from the finance system: CSV or XLSX with the columns area, quarter, amount.

Every problem is reported by row and column, and a file with any problem is refused whole, so a
half-read file never mixes with the figures already entered.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from inflytt.budget.models import Area

MAX_ROWS = 5_000
MAX_AMOUNT = Decimal(10**12)  # Outcome.amount holds 12 digits of kronor
# Column names the file may use (English or Swedish), each mapped to its meaning.
COLUMNS = {
    "area": "area",
    "område": "area",
    "omrade": "area",
    "insatsområde": "area",
    "quarter": "quarter",
    "kvartal": "quarter",
    "amount": "amount",
    "belopp": "amount",
    "utfall": "amount",
}
REQUIRED = ("area", "quarter", "amount")


@dataclass(frozen=True)
class FileProblem:
    row: int | None  # 1-based, as a spreadsheet numbers them; None for the file as a whole
    column: str | None
    message: str


class OutcomeFileError(Exception):
    def __init__(self, problems: list[FileProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # openpyxl reads numbers as float; its shortest repr is the decimal the cell shows,
        # and Decimal(str(...)) keeps that exact value (no binary fraction reaches the money).
        return repr(value)
    return str(value).strip()


def read_table(*, name: str, content: bytes) -> list[list[str]]:
    """The file's rows as text cells; raises OutcomeFileError when it is neither CSV nor XLSX."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
            raise OutcomeFileError([FileProblem(None, None, _("The file is not a readable XLSX workbook."))]) from None
        return rows
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")  # Excel's default "CSV" in Sweden
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise OutcomeFileError([FileProblem(None, None, _("Upload a CSV or XLSX file."))])


def parse_amount(text: str) -> Decimal | None:
    """'12 345,50', '12345.50', '12 345 kr' -> Decimal('12345.50'); None if not an amount."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").removesuffix("kr")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return amount


def parse_outcomes(*, rows: list[list[str]], areas: list[Area]) -> dict[tuple[Area, int], Decimal]:
    """The (area, quarter) -> amount of a file's rows; raises OutcomeFileError listing every problem."""
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise OutcomeFileError([FileProblem(None, None, _("The file is empty."))])
    if len(rows) > MAX_ROWS + 1:
        raise OutcomeFileError([FileProblem(None, None, _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})])
    problems: list[FileProblem] = []
    header = rows[0]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        meaning = COLUMNS.get(title.strip().lower())
        if meaning is None:
            message = _("Unknown column “%(column)s”: use area, quarter and amount.") % {"column": title}
            problems.append(FileProblem(1, title, message))
        elif meaning in columns:
            problems.append(FileProblem(1, title, _("The column “%(column)s” appears twice.") % {"column": title}))
        else:
            columns[meaning] = index
    for meaning in REQUIRED:
        if meaning not in columns:
            problems.append(FileProblem(1, meaning, _("The column “%(column)s” is missing.") % {"column": meaning}))
    if problems:
        raise OutcomeFileError(problems)

    by_name: dict[str, Area] = {}
    for known in areas:
        by_name[known.slug.lower()] = known
        by_name[known.name.lower()] = known
    result: dict[tuple[Area, int], Decimal] = {}
    seen: dict[tuple[int, int], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {meaning: (row[index] if index < len(row) else "") for meaning, index in columns.items()}
        area = by_name.get(cells["area"].lower())
        if area is None:
            problems.append(
                FileProblem(number, "area", _("“%(value)s” is not a budget area.") % {"value": cells["area"]})
            )
        quarter_text = cells["quarter"].upper().removeprefix("Q").removeprefix("K")
        quarter = int(quarter_text) if quarter_text in {"1", "2", "3", "4"} else None
        if quarter is None:
            problems.append(
                FileProblem(number, "quarter", _("“%(value)s” is not a quarter 1-4.") % {"value": cells["quarter"]})
            )
        amount = parse_amount(cells["amount"])
        if amount is None:
            problems.append(
                FileProblem(number, "amount", _("“%(value)s” is not an amount in kronor.") % {"value": cells["amount"]})
            )
        elif amount < 0:
            problems.append(FileProblem(number, "amount", _("An amount cannot be negative.")))
        elif amount >= MAX_AMOUNT:
            problems.append(FileProblem(number, "amount", _("The amount is too large.")))
        elif amount != amount.quantize(Decimal("0.01")):
            problems.append(FileProblem(number, "amount", _("An amount has at most two decimals (öre).")))
        if area is None or quarter is None or amount is None:
            continue
        key = (area.pk, quarter)
        if key in seen:
            message = _("Quarter %(quarter)s of this area is also on row %(row)s.") % {
                "quarter": quarter,
                "row": seen[key],
            }
            problems.append(FileProblem(number, "quarter", message))
            continue
        seen[key] = number
        result[(area, quarter)] = amount
    if problems:
        raise OutcomeFileError(problems)
    return result
