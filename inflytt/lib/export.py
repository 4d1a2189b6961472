"""Every CSV and XLSX file Inflytt hands out is written here: one formula guard, one quoting rule,
rows streamed instead of held in memory.

- Formula guard (CSV injection, OWASP): text that starts with = + - @, a tab or a carriage return
  would be run by a spreadsheet as a formula; it is written with a leading apostrophe. Numbers,
  dates and booleans stay what they are (a negative amount is not a formula).
- CSV: semicolon-separated (what Excel opens in a Swedish locale), UTF-8 with a byte-order mark
  (so Excel reads å, ä, ö), and every field that holds the delimiter, a quote or a line break is
  quoted, with quotes doubled (RFC 4180). Streamed row by row.
- XLSX: openpyxl's write-only workbook, which writes each row to a temporary file as it comes;
  the finished file is streamed from disk. A laid-out workbook (the invoice basis) is sent the same way.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

Row = Sequence[Any]


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should get it: text that would run as a formula gets a leading
    apostrophe; None becomes empty text; numbers, dates and booleans are kept."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_text(value: Any) -> str:
    value = safe_cell(value)
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Row, rows: Iterable[Row]) -> Iterator[str]:
    """The file line by line: the byte-order mark with the header, then one line per row."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([_csv_text(value) for value in header])
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def _xlsx_value(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Excel has no time zones: the local wall-clock time the staff member knows.
        return timezone.make_naive(timezone.localtime(value))
    return value


def xlsx_file(header: Row, rows: Iterable[Row], *, title: str) -> Any:
    """A temporary file holding the workbook, positioned at its start (closed when the response ends)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    # Sheet names: at most 31 characters, none of []:*?/\ .
    sheet = book.create_sheet("".join(char for char in title if char not in "[]:*?/\\")[:31] or "Export")
    sheet.append([_xlsx_value(value) for value in header])
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    return _saved(book)


def _saved(book: Any) -> Any:
    out = tempfile.TemporaryFile()  # closed by the FileResponse when it has been sent
    book.save(out)
    out.seek(0)
    return out


def _disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(*, filename: str, header: Row, rows: Iterable[Row]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def xlsx_response(*, filename: str, header: Row, rows: Iterable[Row], title: str) -> FileResponse:
    response = FileResponse(xlsx_file(header, rows, title=title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def workbook_response(book: Any, *, filename: str) -> FileResponse:
    """A workbook laid out by its caller (titles, styles, sums: the invoice basis); every text
    cell in it must have gone through safe_cell."""
    response = FileResponse(_saved(book), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def export_response(
    *, fmt: str, stem: str, header: Row, rows: Iterable[Row], title: str
) -> StreamingHttpResponse | FileResponse:
    """`stem`.csv or `stem`.xlsx; ValueError for another format (the view answers 404)."""
    if fmt == "csv":
        return csv_response(filename=f"{stem}.csv", header=header, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(filename=f"{stem}.xlsx", header=header, rows=rows, title=title)
    raise ValueError(fmt)
