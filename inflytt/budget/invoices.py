"""The invoice basis of one party for the December invoicing (the 2025 agreement, section 4;
docs/requirements.md R10-R11): XLSX and PDF.

"Betalning erläggs mot faktura. Fakturan skickas ut i december ... för slutbetalning i januari."
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

import matplotlib
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from inflytt.budget.allocation import Allocation
from inflytt.lib.export import safe_cell
from inflytt.parties import branding
from inflytt.parties.models import Party

# A Unicode TTF for the PDF (å, ä, ö and any name a party may have); the first that exists is used.
# Without one the PDF falls back to the built-in Helvetica, whose Latin-1 still covers Swedish.
# matplotlib (the reports' charts) ships DejaVu Sans in its package: there is always one.
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"),
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


@dataclass(frozen=True)
class InvoiceLine:
    area: str
    description: str
    rule: str
    line_cost: int
    amount: int


def invoice_lines(*, allocation: Allocation, party: Party) -> list[InvoiceLine]:
    row = allocation.row_for(party)
    lines = []
    for line, amount in allocation.lines_for(party):
        rule = line.rule
        if line.line.payer_rule == "by_key" and row.key_percent is not None:
            rule = _("%(rule)s (%(percent)s %%)") % {"rule": rule, "percent": formats.localize(row.key_percent)}
        lines.append(
            InvoiceLine(
                area=line.line.area.name,
                description=line.line.description,
                rule=rule,
                line_cost=line.cost,
                amount=amount,
            )
        )
    return lines


@dataclass(frozen=True)
class InvoiceHeading:
    """Who sends the invoice basis, to whom, when, under which reference."""

    reference: str
    date: str
    sender: list[str]
    recipient: list[str]


def reference(*, year: int, party: Party) -> str:
    """`FU-2026-ostersund` ("fakturaunderlag"): the year and the party's short name.

    Stable (every download of the same basis carries the same number, so a re-sent PDF is
    recognisably the same one) and unique per party and year (the slug is unique), with nothing
    to store: a running sequence would need a counter table and would number the parties in the
    order someone happened to download them. The party's reference is a separate line."""
    return f"FU-{year}-{party.slug}"


def heading(*, allocation: Allocation, party: Party) -> InvoiceHeading:
    """The sender is the programme (branding) and the region that runs it, with the region's
    organisation number and address when a coordinator has entered them; the recipient is the
    paying party's invoice address, or a line to write it on while it is blank."""
    year = allocation.budget_year.year
    region = next((each for each in allocation.parties if each.is_region), None)
    if region is None:
        region = Party.objects.filter(kind=Party.Kind.REGION, is_active=True).first()
    sender = [branding.programme_name()]
    if region is not None:
        sender.append(region.name)
        if region.org_number:
            sender.append(_("Org. no. %(number)s") % {"number": region.org_number})
        sender.extend(region.invoice_address_lines())
    sender_email = branding.current()["sender_email"]
    if sender_email:
        sender.append(sender_email)
    recipient = [party.name]
    if party.org_number:
        recipient.append(_("Org. no. %(number)s") % {"number": party.org_number})
    recipient.extend(party.invoice_address_lines() or [_("Invoice address: ______________________ (not entered yet)")])
    recipient.append(
        _("Your reference: %(reference)s") % {"reference": party.invoice_reference or "______________________"}
    )
    return InvoiceHeading(
        reference=reference(year=year, party=party),
        date=formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        sender=sender,
        recipient=recipient,
    )


def file_name(*, allocation: Allocation, party: Party, extension: str) -> str:
    return f"invoice-basis-{allocation.budget_year.year}-{party.slug}.{extension}"


def _headers() -> list[str]:
    return [_("Area"), _("Line"), _("Rule"), _("Line cost (kr)"), _("To pay (kr)")]


def invoice_workbook(*, allocation: Allocation, party: Party) -> Workbook:
    lines = invoice_lines(allocation=allocation, party=party)
    year = allocation.budget_year.year
    book = Workbook()
    sheet = cast(Worksheet, book.active)  # a new workbook has one sheet, active
    sheet.title = _("Invoice basis")[:31]
    bold = Font(bold=True)
    head = heading(allocation=allocation, party=party)
    sheet.append([safe_cell(_("Invoice basis %(year)s") % {"year": year})])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([safe_cell(party.name)])
    sheet.append([_("Reference"), safe_cell(head.reference)])
    sheet.append([_("Date"), safe_cell(head.date)])
    sheet.append([_("From"), safe_cell(", ".join(head.sender))])
    sheet.append([_("To"), safe_cell(", ".join(head.recipient))])
    sheet.append([])
    sheet.append(_headers())
    first_line_row = sheet.max_row + 1
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in lines:
        texts = [safe_cell(value) for value in (line.area, line.description, line.rule)]
        sheet.append([*texts, line.line_cost, line.amount])
    sheet.append([])
    sheet.append([_("Total"), None, None, None, sum(line.amount for line in lines)])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=first_line_row, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "#,##0"
    for column, width in zip("ABCDE", (36, 48, 44, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    return book


def _font_path() -> Path | None:
    configured = getattr(settings, "PDF_FONT", None)
    for candidate in [configured, *FONT_CANDIDATES] if configured else FONT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _kr(amount: int) -> str:
    return formats.number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)


def invoice_pdf(*, allocation: Allocation, party: Party, compress: bool = True) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    lines = invoice_lines(allocation=allocation, party=party)
    year = allocation.budget_year.year
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_compression(compress)  # off in the tests, which read the text back
    pdf.set_title(_("Invoice basis %(year)s") % {"year": year})
    pdf.set_creation_date(timezone.now())
    font = _font_path()
    headings = FontFace(emphasis="BOLD")
    if font is not None:
        pdf.add_font("Body", fname=str(font))
        bold = font.with_name(font.name.replace("-Regular", "").replace(".ttf", "-Bold.ttf"))
        if bold.is_file():
            pdf.add_font("Body", style="B", fname=str(bold))
        else:
            headings = FontFace(emphasis="")
        family = "Body"
    else:
        family = "Helvetica"

    def text(value: str) -> str:
        return value if font is not None else value.encode("latin-1", "replace").decode("latin-1")

    head = heading(allocation=allocation, party=party)
    pdf.add_page()
    branding.draw_logo(pdf)
    top = pdf.get_y()
    # The sender on the left, the recipient in an envelope window's place on the right.
    pdf.set_font(family, size=9)
    pdf.multi_cell(110, 4.5, text=text(_("From") + "\n" + "\n".join(head.sender)), new_x="LMARGIN", new_y="NEXT")
    below_sender = pdf.get_y()
    pdf.set_xy(150, top)
    pdf.set_font(family, size=11)
    pdf.multi_cell(120, 5.5, text=text("\n".join(head.recipient)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(below_sender, pdf.get_y()) + 4)
    pdf.set_font(family, size=16)
    pdf.cell(text=text(_("Invoice basis %(year)s") % {"year": year}), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    facts = _("Date: %(date)s    Reference: %(reference)s") % {"date": head.date, "reference": head.reference}
    pdf.cell(text=text(facts), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=9)
    note = _("Invoiced in December, for payment in January. Amounts in whole kronor, excluding VAT.")
    pdf.cell(text=text(note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    align = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT")
    with pdf.table(col_widths=(55, 70, 80, 30, 30), text_align=align, headings_style=headings) as table:
        table.row([text(header) for header in _headers()])
        for line in lines:
            table.row([text(line.area), text(line.description), text(line.rule), _kr(line.line_cost), _kr(line.amount)])
        table.row([text(_("Total")), "", "", "", _kr(sum(line.amount for line in lines))])
    return bytes(pdf.output())
