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
