"""The quarterly report as files: PDF (fpdf2, charts embedded) and XLSX (one sheet per section).

Both are made from `pages.tables`, the same tables as the page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from inflytt.budget.invoices import _font_path as font_path
from inflytt.budget.invoices import safe_cell
from inflytt.parties import branding
from inflytt.reports.pages import Table, Value, cell_text, tables
from inflytt.reports.presentation import Cell, ReportView


def file_name(view: ReportView, extension: str) -> str:
    scope = view.party.slug if view.party else "all"
    return f"report-{view.report.period.key}-{scope}.{extension}"


def title(view: ReportView) -> str:
    period = view.report.period.key
    if view.party is None:
        return _("Report %(period)s: the whole programme") % {"period": period}
    return _("Report %(period)s: %(party)s") % {"period": period, "party": view.party.name}


class _ReportPDF(FPDF):
    heading = ""
    made = ""

    def header(self) -> None:
        self.set_font(self.font_family, size=8)
        self.cell(text=self.heading, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.font_family, size=8)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(text=f"{self.made}    {page}")


def report_pdf(view: ReportView) -> bytes:
    pdf = _ReportPDF(orientation="landscape", format="A4")
    font = font_path()
    headings = FontFace(emphasis="")
    if font is not None:
        pdf.add_font("Body", fname=str(font))
        family = "Body"
    else:
        family = "Helvetica"

    def text(value: str) -> str:
        return value if font is not None else value.encode("latin-1", "replace").decode("latin-1")

    pdf.set_font(family, size=9)
    made = timezone.localtime()
    programme = branding.programme_name(fallback=settings.PROGRAMME_NAME)
    pdf.heading = text(f"{programme} – {title(view)}")
    pdf.made = text(_("Made %(date)s") % {"date": made.strftime("%Y-%m-%d %H:%M")})
    pdf.set_title(title(view))
    pdf.set_creation_date(made)
    pdf.add_page()
    branding.draw_logo(pdf)
    pdf.set_font(family, size=16)
    pdf.multi_cell(0, text=text(f"{programme}\n{title(view)}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    period = view.report.period
    pdf.cell(
        text=text(_("From %(start)s to %(end)s, both days included.") % {"start": period.start, "end": period.end}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for table in tables(view):
        _pdf_table(pdf, table, text, family, headings)
    return bytes(pdf.output())


def _pdf_table(pdf: FPDF, table: Table, text: Callable[[str], str], family: str, headings: FontFace) -> None:
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.set_font(family, size=12)
    pdf.multi_cell(0, text=text(table.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=7 if len(table.columns) > 6 else 9)
    first = 60
    rest = (pdf.epw - first) / max(len(table.columns), 1)
    widths = (first, *([rest] * len(table.columns)))
    align = ("LEFT", *(["RIGHT"] * len(table.columns)))
    with pdf.table(col_widths=widths, text_align=align, headings_style=headings) as pdf_table:
        pdf_table.row(["", *[text(column) for column in table.columns]])
        for label, cells in table.rows:
            pdf_table.row([text(label), *[text(_pdf_value(cell)) for cell in cells]])
    for note in table.notes:
        pdf.set_font(family, size=8)
        pdf.multi_cell(0, text=text(note), new_x="LMARGIN", new_y="NEXT")
    if table.chart is not None:
        image = io.BytesIO(table.chart.render("png"))
        if pdf.get_y() > pdf.h - 70:
            pdf.add_page()
        pdf.image(image, w=150, alt_text=text(table.chart.alt))
    pdf.ln(4)


def _pdf_value(value: Value) -> str:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    return cell_text(value)


def _xlsx_value(value: Value) -> object:
    """Numbers as numbers; a suppressed cell as its words."""
    if isinstance(value, Cell):
        return value.value if value.shown else cell_text(value)
    if isinstance(value, int | float | Decimal) or value is None:
        return value
    return safe_cell(str(value))


def report_xlsx(view: ReportView) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    bold = Font(bold=True)
    used: set[str] = set()
    for table in tables(view):
        name = _sheet_name(table.title, used)
        sheet = book.create_sheet(name)
        sheet.append([safe_cell(table.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([safe_cell(f"{branding.programme_name(fallback=settings.PROGRAMME_NAME)} – {title(view)}")])
        sheet.append([])
        sheet.append(["", *[safe_cell(column) for column in table.columns]])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for label, cells in table.rows:
            sheet.append([safe_cell(label), *[_xlsx_value(cell) for cell in cells]])
        for note in table.notes:
            sheet.append([safe_cell(note)])
        sheet.column_dimensions["A"].width = 48
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _sheet_name(text: str, used: set[str]) -> str:
    base = "".join(char for char in text if char not in "[]:*?/\\")[:28] or "Sheet"
    name, number = base, 2
    while name in used:
        name, number = f"{base[:25]} {number}", number + 1
    used.add(name)
    return name
