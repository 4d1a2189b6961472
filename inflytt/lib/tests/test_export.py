"""The one export helper every CSV and XLSX goes through (issue 10: "CSV exports quote every field
that contains the delimiter, a quote or a line break, on top of the formula guard; one shared
export helper serves every CSV/XLSX in the project")."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from inflytt.lib.export import (
    DELIMITER,
    XLSX_CONTENT_TYPE,
    csv_lines,
    csv_response,
    export_response,
    safe_cell,
    workbook_response,
    xlsx_response,
)


def _csv(header, rows) -> tuple[str, list[list[str]]]:
    text = "".join(csv_lines(header, rows))
    assert text.startswith("\ufeff")
    return text, list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=DELIMITER))


@pytest.mark.parametrize(
    "value, written",
    [
        ("Storgatan 1; lgh 1101", '"Storgatan 1; lgh 1101"'),
        ('Säg "hej"', '"Säg ""hej"""'),
        ("rad ett\nrad två", '"rad ett\nrad två"'),
        ("rad ett\r\nrad två", '"rad ett\r\nrad två"'),
        ("bara\rvagnretur", '"bara\rvagnretur"'),
    ],
)
def test_a_field_with_the_delimiter_a_quote_or_a_line_break_is_quoted(value, written):
    text, rows = _csv(["a", "b"], [[value, "next"]])
    assert f"{written}{DELIMITER}next\r\n" in text
    assert rows[1] == [value, "next"]  # and reads back as one field


def test_an_ordinary_field_is_not_quoted():
    text, _rows = _csv(["a"], [["Östersund"]])
    assert text.endswith("\r\nÖstersund\r\n")


@pytest.mark.parametrize("value", ["=1+1", "+46 70", "-123", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")'])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value
    _text, rows = _csv(["a"], [[value]])
    assert rows[1] == ["'" + value]


def test_the_guard_and_the_quoting_together():
    value = '=cmd|" /C calc"!A0; x'
    text, rows = _csv(["a"], [[value]])
    assert rows[1] == ["'" + value]
    assert '"\'=cmd|"" /C calc""!A0; x"' in text


def test_numbers_dates_and_empty_values_are_kept():
    assert safe_cell(-5) == -5 and safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(date(2026, 1, 2)) == date(2026, 1, 2)
    assert safe_cell(None) == "" and safe_cell("Kommunikation") == "Kommunikation"
    _text, rows = _csv(["a", "b", "c"], [[-5, date(2026, 1, 2), None]])
    assert rows[1] == ["-5", "2026-01-02", ""]


def test_the_xlsx_has_no_formula_and_keeps_numbers():
    response = xlsx_response(
        filename="x.xlsx", header=["Namn", "Belopp"], rows=[["=1+1", 12], ["@A1", -5]], title="Lista: [1]"
    )
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet = book.active
    assert sheet.title == "Lista 1"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Namn", "Belopp"],
        ["'=1+1", 12],
        ["'@A1", -5],
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_csv_is_streamed_row_by_row():
    """Nothing is read before the response is sent: rows come from a generator, one at a time."""
    taken = []

    def rows():
        for n in range(3):
            taken.append(n)
            yield [n]

    response = csv_response(filename="x.csv", header=["n"], rows=rows())
    assert isinstance(response, StreamingHttpResponse) and taken == []
    chunks = iter(response.streaming_content)  # type: ignore[arg-type]
    next(chunks)  # the header
    next(chunks)
    assert taken == [0]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response(fmt="pdf", stem="x", header=[], rows=[], title="x")


def test_a_laid_out_workbook_is_sent_as_a_file():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append([safe_cell("=SUM(A1)"), 3])
    response = workbook_response(book, filename="invoice.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="invoice.xlsx"'
    cells = [cell.value for cell in load_workbook(io.BytesIO(response.getvalue())).active[1]]
    assert cells == ["'=SUM(A1)", 3]
