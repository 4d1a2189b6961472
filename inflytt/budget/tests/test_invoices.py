"""The invoice basis per party, as XLSX and PDF."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from inflytt.budget import invoices
from inflytt.budget.models import BudgetYear
from inflytt.budget.services import allocate_budget, load_budget_reference
from inflytt.budget.tests.factories import line
from inflytt.lib.export import safe_cell


@pytest.fixture
def steering(client_for, parties):
    load_budget_reference()
    return client_for("steering")


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_xlsx_lists_the_lines_the_party_pays_and_its_total(steering):
    response = steering.get("/budget/2025/invoice/bracke.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="invoice-basis-2025-bracke.xlsx"'
    rows = _rows(response.getvalue())
    assert rows[1][0] == "Bräcke kommun"
    assert rows[-1][0] == "Total" and rows[-1][4] == 45_711
    licences = next(row for row in rows if row[1] == "Kommunala licenskostnader")
    assert licences[3:] == (130_200, 16_275)
    assert not any(row[1] == "Aktivitetsbudget" for row in rows)  # paid by the region, not Bräcke


def test_the_region_invoice_has_its_own_lines(steering):
    rows = _rows(steering.get("/budget/2025/invoice/region.xlsx").getvalue())
    assert rows[-1][4] == 225_630


def test_text_a_spreadsheet_would_run_is_neutralised(steering, parties):
    line(BudgetYear.objects.get(year=2025), amount=10, rule="party", payer="bracke", description="=HYPERLINK(1)")
    rows = _rows(steering.get("/budget/2025/invoice/bracke.xlsx").getvalue())
    assert any(row[1] == "'=HYPERLINK(1)" for row in rows)
    for value in ("+1", "-1", "@SUM(A1)", "=1"):
        assert safe_cell(value) == "'" + value
    assert safe_cell("Kommunikation") == "Kommunikation"
    assert safe_cell(-5) == -5  # numbers stay numbers


def test_the_pdf_is_a_pdf_with_a_unicode_font(steering):
    response = steering.get("/budget/2025/invoice/ostersund.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert invoices._font_path() is not None or b"Helvetica" in response.content


def test_the_pdf_falls_back_to_helvetica_without_a_ttf(parties, monkeypatch):
    load_budget_reference()
    monkeypatch.setattr(invoices, "FONT_CANDIDATES", [])
    allocation = allocate_budget(year=2025)
    party = next(party for party in allocation.parties if party.slug == "ostersund")
    content = invoices.invoice_pdf(allocation=allocation, party=party)
    assert content.startswith(b"%PDF") and b"Helvetica" in content


def test_a_party_outside_the_year_has_no_invoice(steering):
    assert steering.get("/budget/2025/invoice/nosuch.pdf").status_code == 404


def _pdf_text(content: bytes) -> str:
    """The text of an uncompressed PDF in the built-in font: fpdf2 writes each line as a literal
    string, `(...) Tj`, in Latin-1 (a TTF would write glyph ids instead)."""
    import re

    strings = re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", content)
    return "\n".join(value.replace(b"\\(", b"(").replace(b"\\)", b")").decode("latin-1") for value in strings)


def _ostersund_pdf(monkeypatch) -> str:
    monkeypatch.setattr(invoices, "FONT_CANDIDATES", [])
    allocation = allocate_budget(year=2025)
    party = next(party for party in allocation.parties if party.slug == "ostersund")
    return _pdf_text(invoices.invoice_pdf(allocation=allocation, party=party, compress=False))


def test_the_pdf_carries_sender_date_reference_and_the_payers_address(parties, monkeypatch, settings):
    """ "Betalning erläggs mot faktura. Fakturan skickas ut i december ... för slutbetalning i januari."
    (docs/requirements.md R10-R11): the basis says who invoices whom, when, under which number."""
    from django.core.cache import cache

    from inflytt.parties.models import Branding, Party

    load_budget_reference()
    cache.clear()
    Branding.objects.create(pk=1, name="Ta steget", sender_email="info@tasteget.example")
    Party.objects.filter(slug="region").update(org_number="232100-0206", invoice_address="Box 654\n831 27 Östersund")
    Party.objects.filter(slug="ostersund").update(
        org_number="212000-2627",
        invoice_address="Östersunds kommun\nFakturaservice\n831 82 Östersund",
        invoice_reference="KS-4711",
    )
    from django.utils import timezone, translation

    with translation.override("sv"):
        text = _ostersund_pdf(monkeypatch)
    assert "Ta steget" in text and "232100-0206" in text and "info@tasteget.example" in text
    assert "Fakturaservice" in text and "831 82 Östersund" in text and "212000-2627" in text
    assert "KS-4711" in text
    assert "FU-2025-ostersund" in text
    assert timezone.localdate().isoformat() in text  # Swedish dates: 2026-11-29


def test_a_party_without_an_invoice_address_gets_a_line_to_write_it_on(parties, monkeypatch):
    load_budget_reference()
    text = _ostersund_pdf(monkeypatch)
    assert "Invoice address: ____" in text and "Your reference: ____" in text


def test_the_reference_is_stable_and_unique_per_party_and_year(parties):
    load_budget_reference()
    allocation = allocate_budget(year=2025)
    references = [invoices.reference(year=2025, party=party) for party in allocation.parties]
    assert len(set(references)) == len(references)
    assert invoices.reference(year=2025, party=allocation.parties[0]) == references[0]
    assert invoices.reference(year=2026, party=allocation.parties[0]) != references[0]


def test_the_xlsx_names_reference_and_recipient(steering):
    rows = _rows(steering.get("/budget/2025/invoice/bracke.xlsx").getvalue())
    assert rows[2][1] == "FU-2025-bracke"
    assert rows[5][1].startswith("Bräcke kommun")


def test_a_coordinator_enters_the_invoice_address_on_the_party_in_the_admin(client_for, parties):
    from inflytt.parties.models import Party

    bracke = Party.objects.get(slug="bracke")
    page = client_for("coordinator").get(f"/admin/parties/party/{bracke.pk}/change/").content.decode()
    assert 'name="invoice_address"' in page and 'name="org_number"' in page and 'name="invoice_reference"' in page
    bracke.invoice_address = "Bräcke kommun\n\n  Box 190 \n843 21 Bräcke"
    assert bracke.invoice_address_lines() == ["Bräcke kommun", "Box 190", "843 21 Bräcke"]


def test_the_pdf_shows_the_logo_on_the_programmes_colour(parties, monkeypatch):
    """A logo made for the coloured header (often white) must not vanish on white paper."""
    from django.core.cache import cache

    from inflytt.contacts.demo import demo_logo
    from inflytt.parties.models import Branding

    load_budget_reference()
    Branding.objects.create(pk=1, name="Ta steget", colour="#0b3d6e", logo=demo_logo())
    cache.clear()
    monkeypatch.setattr(invoices, "FONT_CANDIDATES", [])
    allocation = allocate_budget(year=2025)
    content = invoices.invoice_pdf(allocation=allocation, party=allocation.parties[0], compress=False)
    assert b"/Subtype /Image" in content
    assert b"0.0431 0.2392 0.4314 rg" in content  # #0b3d6e, the band behind the logo
