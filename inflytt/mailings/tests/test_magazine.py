"""The magazine dispatch: the pending orders as XLSX/CSV for the print house (formula injection
neutralised), marked as sent in one action, then the postal addresses removed."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import MagazineOrder
from inflytt.contacts.tests.factories import contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(parties):
    evil = contact(first_name='=HYPERLINK("http://x")', last_name="@SUM(A1)")
    plain = contact(first_name="Anna", last_name="Berg")
    return [
        MagazineOrder.objects.create(contact=evil, street="+46 gatan 1", postal_code="-123", city="=cmd|' /C calc'!A0"),
        MagazineOrder.objects.create(contact=plain, street="Storgatan 1", postal_code="831 30", city="Östersund"),
    ]


def test_the_csv_neutralises_formulas(client_for, orders):
    response = client_for("guide_bracke").get("/mailings/magazine/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1:5] == ['\'=HYPERLINK("http://x") @SUM(A1)', "'+46 gatan 1", "'-123", "'=cmd|' /C calc'!A0"]
    assert rows[2][1:5] == ["Anna Berg", "Storgatan 1", "831 30", "Östersund"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_xlsx_neutralises_formulas(client_for, orders):
    response = client_for("coordinator").get("/mailings/magazine/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    cells = [cell.value for cell in sheet[2]]
    assert cells[2:5] == ["'+46 gatan 1", "'-123", "'=cmd|' /C calc'!A0"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_marking_sent_covers_the_exported_orders_and_removes_their_addresses(client_for, orders, parties):
    exported_up_to = orders[-1].pk
    late = MagazineOrder.objects.create(contact=contact(), street="Ny väg 2", postal_code="1", city="Åre")
    response = client_for("coordinator").post("/mailings/magazine/sent/", {"up_to": str(exported_up_to)})
    assert response.status_code == 302
    for order in orders:
        order.refresh_from_db()
        assert order.sent_at is not None
        assert (order.street, order.postal_code, order.city) == ("", "", "")
    late.refresh_from_db()
    assert late.sent_at is None and late.street == "Ny väg 2"  # came in after the export
