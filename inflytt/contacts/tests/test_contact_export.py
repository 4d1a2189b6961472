"""Issue 13, Exports: "Guides can export the current contact list (its filters) to XLSX and CSV
through the shared export helper, audit-logged with the filter and the row count." Steering never
sees a person, so it cannot export one either."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(parties):
    # Unrelated rows first, so contact ids differ from party and user ids.
    for n in range(5):
        contact(email=f"unrelated{n}@example.se", municipalities=("are",))
    return [
        contact(first_name="Anna", last_name="Berg; Lund", email="anna@example.se", municipalities=("bracke",)),
        contact(first_name='=HYPERLINK("http://x")', last_name='"Citat"', municipalities=("bracke", "ostersund")),
    ]


def _csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))


def test_a_guide_exports_the_filtered_list_as_csv(client_for, people, parties):
    response = client_for("guide_bracke").get("/contacts/export.csv?municipality=bracke&sort=name")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="contacts-')
    rows = _csv_rows(response)
    assert rows[0][0] in ("Kontakt-id", "Contact id")
    assert {int(row[0]) for row in rows[1:]} == {person.pk for person in people}
    by_id = {int(row[0]): row for row in rows[1:]}
    anna, formula = by_id[people[0].pk], by_id[people[1].pk]
    assert anna[1:4] == ["Anna", "Berg; Lund", "anna@example.se"]
    assert formula[1] == '\'=HYPERLINK("http://x")' and formula[2] == '"Citat"'
    assert formula[-1] == f"{parties['bracke'].name}, {parties['ostersund'].name}"


def test_the_export_is_audited_with_the_filters_and_the_row_count(client_for, people, personas):
    client_for("guide_bracke").get("/contacts/export.xlsx?municipality=bracke&q=Berg&status=new")
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert event.actor == personas["guide_bracke"]
    assert event.detail == {
        "contact_list": "xlsx",
        "filters": {"q": True, "municipality": ["bracke"], "status": ["new"]},
        "rows": 1,
    }
    assert "Berg" not in str(event.detail)  # the search words may be a name


def test_the_xlsx_has_the_same_rows_and_no_formula(client_for, people):
    response = client_for("coordinator").get("/contacts/export.xlsx?municipality=bracke")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert {row[0] for row in values[1:]} == {person.pk for person in people}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_export_is_the_list_pages_selection(client_for, people):
    """The same filters give the same contacts, in the same order, as the list page."""
    client = client_for("guide_are")
    query = "municipality=bracke&municipality=are&sort=-name"
    listed = [row.pk for row in client.get(f"/contacts/?{query}").context["page"].object_list]
    exported = [int(row[0]) for row in _csv_rows(client.get(f"/contacts/export.csv?{query}"))[1:]]
    assert exported == listed


def test_filters_with_errors_go_back_to_the_list_instead_of_exporting_everything(client_for, people):
    response = client_for("guide_bracke").get(
        "/contacts/export.csv?registered_from=2026-02-01&registered_to=2026-01-01"
    )
    assert response.status_code == 302 and response["Location"].startswith("/contacts/?")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_another_format_is_not_found(client_for, people):
    assert client_for("guide_bracke").get("/contacts/export.pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ["steering", "ambassador_admin"])
def test_roles_that_never_see_a_person_cannot_export(client_for, people, role, fmt):
    assert client_for(role).get(f"/contacts/export.{fmt}").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_list_page_links_to_the_export_with_its_filters(client_for, people):
    page = client_for("guide_bracke").get("/contacts/?municipality=bracke").content.decode()
    assert 'href="/contacts/export.xlsx?municipality=bracke"' in page
    assert 'href="/contacts/export.csv?municipality=bracke"' in page


def test_the_export_reads_in_a_fixed_number_of_queries(client_for, parties, django_assert_max_num_queries):
    """Intended to prevent an n+1 issue: the municipalities come in one query per chunk of contacts."""
    for n in range(40):
        contact(email=f"many{n}@example.se", municipalities=("bracke", "are"))
    client = client_for("guide_bracke")
    with django_assert_max_num_queries(12):
        response = client.get("/contacts/export.csv")
        rows = _csv_rows(response)
    assert len(rows) == Contact.objects.count() + 1
