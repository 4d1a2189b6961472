"""Reading an import file row by row: CSV (delimiter and encoding detected) or XLSX, streamed.

Neither reader holds the file's rows in memory: CSV is decoded as it is read, XLSX is opened
read-only so openpyxl parses the sheet as it goes. Rows come out as lists of strings (or the
cell's date for XLSX) with their row number as in the file (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

Cell = str | date | datetime
ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = codecs.BOM_UTF8
DELIMITERS = (";", ",", "\t")
_SCAN_BLOCK = 1 << 16

NOT_A_TABLE = _("The file is neither a CSV file nor an Excel workbook (.xlsx).")
EMPTY_FILE = _("The file has no header row.")


class UnreadableFile(Exception):
    pass


@dataclass(frozen=True)
class Table:
    """What was detected about a file: its kind, encoding, delimiter and header."""

    kind: str  # "csv" or "xlsx"
    encoding: str
    delimiter: str
    header: list[str]


def detect_encoding(stream: IO[bytes]) -> str:
    """utf-8-sig when the file starts with a BOM, utf-8 when every byte decodes as UTF-8,
    else cp1252 (Excel's "CSV" on Swedish Windows). The whole file is scanned, block by block,
    so an "ö" on row 90 000 is seen; the stream is rewound afterwards."""
    stream.seek(0)
    start = stream.read(len(UTF8_BOM))
    if start == UTF8_BOM:
        stream.seek(0)
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    block = start
    try:
        while block:
            decoder.decode(block)
            block = stream.read(_SCAN_BLOCK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(0)
    return "utf-8"


def _delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def is_xlsx(stream: IO[bytes]) -> bool:
    """By content, not by name: an XLSX file is a zip archive holding xl/workbook.xml."""
    stream.seek(0)
    magic = stream.read(4)
    stream.seek(0)
    if magic != ZIP_MAGIC:
        return False
    try:
        with zipfile.ZipFile(stream) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        stream.seek(0)


def _looks_like_text(stream: IO[bytes]) -> bool:
    stream.seek(0)
    sample = stream.read(4096)
    stream.seek(0)
    return b"\x00" not in sample


class TableReader:
    """Open with `TableReader(stream)`; `.table` tells what was found, `.rows()` yields
    (row number, cells) for every non-empty data row, from the start each time it is called."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        if is_xlsx(stream):
            self.table = Table(kind="xlsx", encoding="", delimiter="", header=self._xlsx_header())
        elif _looks_like_text(stream):
            self._encoding = detect_encoding(stream)
            text = self._text()
            first = text.readline()
            if not first.strip():
                raise UnreadableFile(EMPTY_FILE)
            delimiter = _delimiter(first)
            header = next(csv.reader([first], delimiter=delimiter))
            self.table = Table(kind="csv", encoding=self._encoding, delimiter=delimiter, header=_clean_header(header))
            text.detach()
        else:
            raise UnreadableFile(NOT_A_TABLE)
        if not any(self.table.header):
            raise UnreadableFile(EMPTY_FILE)

    def _text(self) -> io.TextIOWrapper:
        self.stream.seek(0)
        # Detached after use, never closed, so the caller's stream stays open.
        return io.TextIOWrapper(self.stream, encoding=self._encoding, newline="", errors="replace")

    def _workbook(self) -> Any:
        self.stream.seek(0)
        try:
            return load_workbook(self.stream, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken workbook
            raise UnreadableFile(NOT_A_TABLE) from error

    def _xlsx_header(self) -> list[str]:
        workbook = self._workbook()
        try:
            for row in workbook.worksheets[0].iter_rows(max_row=1, values_only=True):
                return _clean_header(["" if value is None else str(value) for value in row])
            raise UnreadableFile(EMPTY_FILE)
        finally:
            workbook.close()

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        if self.table.kind == "xlsx":
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[Cell]]]:
        text = self._text()
        try:
            reader = csv.reader(text, delimiter=self.table.delimiter)
            next(reader, None)
            for number, row in enumerate(reader, start=2):
                if any(cell.strip() for cell in row):
                    yield number, list(row)
        finally:
            text.detach()

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Cell]]]:
        workbook = self._workbook()
        try:
            sheet = workbook.worksheets[0]
            for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
                cells: list[Cell] = [_xlsx_cell(value) for value in row]
                if any(cell if isinstance(cell, date) else cell.strip() for cell in cells):
                    yield number, cells
        finally:
            workbook.close()


def _xlsx_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone or postal code typed as a number: no ".0"
    return str(value)


def _clean_header(header: list[str]) -> list[str]:
    return [cell.strip() for cell in header]


def open_path(path: str | Path) -> IO[bytes]:
    return Path(path).open("rb")
