"""The network manager's pages: edit ambassadors, coworking spaces and employers; the lists'
query counts; the guides' list of recruitment companies per municipality and occupation."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts.tests.factories import contact
from inflytt.networks import services
from inflytt.networks.models import Ambassador, CoworkingSpace, Employer, Hire
from inflytt.networks.tests.factories import ambassador, coworking, employer


@pytest.mark.django_db
def test_the_network_manager_adds_an_employer_with_a_hyphenated_organisation_number(client_for, parties):
    client = client_for("ambassador_admin")
    data = {"org_number": "556012-5790", "name": "AB Volvo", "party": parties["are"].pk, "size": "large"}
    response = client.post("/networks/employers/new/", data)
    assert response.status_code == 302
    volvo = Employer.objects.get()
    assert volvo.org_number == "5560125790" and volvo.org_number_display == "556012-5790"
    # The same company again, written without the hyphen: one organisation number, one employer.
    again = client.post("/networks/employers/new/", {**data, "org_number": "5560125790"})
    assert again.status_code == 400 and Employer.objects.count() == 1
    wrong = client.post("/networks/employers/new/", {**data, "org_number": "556012-5791"})
    assert wrong.status_code == 400
    assert "556012-5790" in wrong.content.decode()  # the example in the message


@pytest.mark.django_db
def test_the_network_manager_adds_and_edits_an_ambassador_with_an_audit_row(client_for, parties):
    client = client_for("ambassador_admin")
    data = {
        "first_name": "Gunnel",
        "last_name": "Ek",
        "email": "gunnel@example.se",
        "party": parties["are"].pk,
        "offers": ["coffee", "show_place"],
        "status": "active",
        "share_email": "on",
    }
    assert client.post("/networks/ambassadors/new/", data).status_code == 302
    row = Ambassador.objects.get()
    assert row.offers == ["coffee", "show_place"]
    assert client.post(f"/networks/ambassadors/{row.pk}/edit/", {**data, "status": "left", "left_on": "2026-01-31"})
    row.refresh_from_db()
    assert row.status == Ambassador.Status.LEFT and row.left_on == date(2026, 1, 31)
    assert AuditEvent.objects.filter(object_type="networks.ambassador", action=AuditEvent.Action.EDIT).exists()
    without_date = client.post(f"/networks/ambassadors/{row.pk}/edit/", {**data, "status": "left"})
    assert without_date.status_code == 400  # the retention period counts from the date they left
    assert (
        client.post(
            f"/networks/ambassadors/{row.pk}/log/",
            {"kind": "event", "occurred_at": "2026-02-01T18:00", "body": "Inflyttarträff"},
        ).status_code
        == 302
    )
    assert row.activities.get().body == "Inflyttarträff"


@pytest.mark.django_db
def test_the_network_manager_adds_a_coworking_space_and_a_need(client_for, parties):
    client = client_for("ambassador_admin")
    response = client.post(
        "/networks/coworking/new/",
        {"name": "Hubben", "party": parties["berg"].pk, "status": "active", "website": "hubben.example"},
    )
    assert response.status_code == 302
    assert CoworkingSpace.objects.get().website == "https://hubben.example"
    company = employer()
    assert (
        client.post(
            f"/networks/employers/{company.pk}/needs/new/",
            {"occupation": "Elektriker", "open_positions": 2, "is_open": "on"},
        ).status_code
        == 302
    )
    assert company.needs.get().term_rows.get().term == "elektr"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/networks/ambassadors/", lambda: ambassador(party="are")),
        ("/networks/coworking/", lambda: coworking(party="are")),
        ("/networks/employers/", lambda: employer(party="are", needs=("Lärare",))),
    ],
)
def test_list_pages_make_a_fixed_number_of_queries(client_for, parties, django_assert_max_num_queries, path, make):
    """Intended to prevent an n+1 issue."""
    client = client_for("ambassador_admin")
    client.get(path)
    for _ in range(30):
        make()
    with django_assert_max_num_queries(8):
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_guides_find_recruitment_companies_per_municipality_and_occupation(client_for, parties):
    employer(party="are", is_recruiter=True, name="Fjällrekrytering AB", needs=("Lärare",))
    employer(party="are", is_recruiter=True, name="Vårdbemanning AB", needs=("Sjuksköterskor",))
    employer(party="berg", is_recruiter=True, name="Bergs Bemanning AB", needs=("Sjuksköterska",))
    employer(party="are", name="Åre sjukhus", needs=("Sjuksköterska",))
    body = (
        client_for("guide_are")
        .get("/networks/employers/", {"party": "are", "recruiters": "1", "occupation": "sjuksköterska"})
        .content.decode()
    )
    assert "Vårdbemanning AB" in body
    for other in ("Fjällrekrytering AB", "Bergs Bemanning AB", "Åre sjukhus"):
        assert other not in body


@pytest.mark.django_db
def test_steering_sees_the_goal_figure_as_a_count(client_for, personas, parties):
    year = timezone.localdate().year
    services.record_hire(
        contact=contact(first_name="Märta"),
        kind=Hire.Kind.JOB,
        hired_on=date(year, 1, 2),
        employer=employer(),
        occupation="",
        through_programme=True,
        acting_user=personas["guide_bracke"],
    )
    body = client_for("steering").get("/networks/").content.decode()
    figure = body.split("Företag som hittat arbetskraft genom satsningen")[1].split("</dd>")[0]
    assert "<dd>1 " in figure
    assert "Märta" not in body


@pytest.mark.django_db
def test_a_guide_records_a_hire_from_the_card(client_for, parties):
    company = employer()
    person = contact()
    client = client_for("guide_bracke")
    form = client.get(f"/networks/contacts/{person.pk}/hire/")
    token = form.context["submission_token"]
    missing = client.post(
        f"/networks/contacts/{person.pk}/hire/", {"kind": "job", "hired_on": "2026-03-01", "submission_token": token}
    )
    assert missing.status_code == 400  # a job needs its employer
    done = client.post(
        f"/networks/contacts/{person.pk}/hire/",
        {
            "kind": "job",
            "employer_query": company.org_number_display,
            "hired_on": "2026-03-01",
            "through_programme": "on",
            "submission_token": token,
        },
    )
    assert done.status_code == 302
    assert Hire.objects.get().through_programme
