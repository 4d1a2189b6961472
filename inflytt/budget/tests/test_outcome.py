"""Outcome per quarter: entered in a form or imported from a finance-system file, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from inflytt.budget.models import Outcome
from inflytt.budget.services import load_budget_reference
from inflytt.budget.tests.factories import area


@pytest.fixture
def coordinator(client_for, parties):
    load_budget_reference()
    return client_for("coordinator")


def _csv(text: str, name: str = "utfall.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("utfall.xlsx", output.getvalue())


def _amounts() -> dict[tuple[str, int], Decimal]:
    return {(outcome.area.slug, outcome.quarter): outcome.amount for outcome in Outcome.objects.select_related("area")}


def test_enter_the_outcome_in_the_form(coordinator):
    crm = area("crm")
    response = coordinator.post("/budget/2025/outcome/edit/", {f"area{crm.pk}_q1": "94140.50"})
    assert response.status_code == 302
    assert _amounts() == {("crm", 1): Decimal("94140.50")}
    page = coordinator.get("/budget/2025/outcome/").content.decode()
    assert "94,140.50" in page
    assert "1,211,529.50" in page  # 995 670 + 310 000 carried over - 94 140.50 left as surplus


def test_a_negative_outcome_is_refused_at_its_box_and_nothing_saved(coordinator):
    crm, web = area("crm"), area("web")
    response = coordinator.post("/budget/2025/outcome/edit/", {f"area{crm.pk}_q1": "100", f"area{web.pk}_q2": "-1"})
    assert response.status_code == 400
    assert response.context["form"].errors[f"area{web.pk}_q2"] == ["Enter zero or more."]
    assert not Outcome.objects.exists()


def test_clearing_a_box_removes_the_figure(coordinator):
    crm = area("crm")
    coordinator.post("/budget/2025/outcome/edit/", {f"area{crm.pk}_q1": "100"})
    coordinator.post("/budget/2025/outcome/edit/", {f"area{crm.pk}_q1": ""})
    assert not Outcome.objects.exists()


def test_import_a_swedish_csv(coordinator):
    text = "område;kvartal;belopp\ncrm;1;94 140,00\nKommunikation;Q2;52 310,50\n"
    response = coordinator.post("/budget/2025/outcome/import/", {"file": _csv(text)})
    assert response.status_code == 302
    assert _amounts() == {("crm", 1): Decimal("94140.00"), ("communication", 2): Decimal("52310.50")}


def test_import_an_xlsx_with_numbers_and_text(coordinator):
    response = coordinator.post(
        "/budget/2025/outcome/import/",
        {"file": _xlsx([["area", "quarter", "amount"], ["web", 3, 1234.5], ["crm", "4", "10"]])},
    )
    assert response.status_code == 302
    assert _amounts() == {("web", 3): Decimal("1234.5"), ("crm", 4): Decimal("10")}


def test_wrong_columns_are_named_and_nothing_saved(coordinator):
    response = coordinator.post("/budget/2025/outcome/import/", {"file": _csv("area,kvarter,amount,konto\ncrm,1,5\n")})
    assert response.status_code == 400
    problems = [(p.row, p.column, p.message) for p in response.context["problems"]]
    assert (1, "kvarter", "Unknown column “kvarter”: use area, quarter and amount.") in problems
    assert (1, "quarter", "The column “quarter” is missing.") in problems
    assert not Outcome.objects.exists()


def test_bad_cells_are_reported_by_row_and_column_and_nothing_saved(coordinator):
    text = "area,quarter,amount\ncrm,1,100\nweb,5,abc\nnosuch,2,-3\ncrm,1,7\n"
    response = coordinator.post("/budget/2025/outcome/import/", {"file": _csv(text)})
    assert response.status_code == 400
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [(3, "quarter"), (3, "amount"), (4, "area"), (4, "amount"), (5, "quarter")]
    body = response.content.decode()
    assert "“abc” is not an amount in kronor." in body
    assert "Quarter 1 of this area is also on row 2." in body
    assert not Outcome.objects.exists()  # row 2 was fine, but the file is refused whole


def test_a_file_that_is_not_csv_or_xlsx_is_refused(coordinator):
    response = coordinator.post("/budget/2025/outcome/import/", {"file": _csv("x", name="utfall.txt")})
    assert response.status_code == 400
    assert response.context["problems"][0].message == "Upload a CSV or XLSX file."


def test_a_broken_xlsx_is_refused(coordinator):
    response = coordinator.post("/budget/2025/outcome/import/", {"file": _csv("not a zip", name="utfall.xlsx")})
    assert response.status_code == 400
    assert response.context["problems"][0].message == "The file is not a readable XLSX workbook."


def test_a_failing_import_keeps_the_figures_entered_before(coordinator):
    crm = area("crm")
    coordinator.post("/budget/2025/outcome/edit/", {f"area{crm.pk}_q1": "100"})
    coordinator.post("/budget/2025/outcome/import/", {"file": _csv("area,quarter,amount\ncrm,1,200\nweb,1,x\n")})
    assert _amounts() == {("crm", 1): Decimal("100")}
