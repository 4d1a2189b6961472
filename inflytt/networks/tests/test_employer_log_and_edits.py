"""Employers: the activity log; hires and contact persons corrected or removed (audited); the hire
form's employer found by a search step instead of one dropdown of every employer."""

from __future__ import annotations

from datetime import date

import pytest

from inflytt.audit.models import AuditEvent
from inflytt.contacts.tests.factories import contact
from inflytt.networks import selectors, services
from inflytt.networks.models import EmployerActivity, EmployerContactPerson, Hire
from inflytt.networks.tests.factories import ambassador, coworking, employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(parties):
    # Unrelated rows first, so the ids of employers, hires and contacts differ.
    coworking()
    ambassador()
    employer(name="Filler AB")
    return employer(name="Jämtkraft Elnät AB", party="are")


def test_the_network_manager_logs_an_activity_on_an_employer(client_for, company, personas):
    client = client_for("ambassador_admin")
    response = client.post(
        f"/networks/employers/{company.pk}/log/",
        {"kind": "training", "occurred_at": "2026-03-02T10:00", "body": "Attraktiva arbetsgivare, del 1"},
    )
    assert response.status_code == 302
    row = EmployerActivity.objects.get()
    assert (row.employer_id, row.kind, row.author) == (company.pk, "training", personas["ambassador_admin"])
    assert AuditEvent.objects.filter(
        object_type="networks.employeractivity", object_id=str(row.pk), action=AuditEvent.Action.CREATE
    ).exists()
    page = client.get(f"/networks/employers/{company.pk}/").text
    assert "Attraktiva arbetsgivare, del 1" in page
    # An empty kind: the page again with the error, nothing logged.
    assert client.post(f"/networks/employers/{company.pk}/log/", {"kind": ""}).status_code == 400
    assert EmployerActivity.objects.count() == 1


def test_a_guide_sees_the_log_but_cannot_write_it(client_for, company, personas):
    services.log_employer_activity(
        employer=company, kind="meeting", body="Träff om rekrytering", acting_user=personas["ambassador_admin"]
    )
    guide = client_for("guide_bracke")
    assert "Träff om rekrytering" in guide.get(f"/networks/employers/{company.pk}/").text
    assert guide.post(f"/networks/employers/{company.pk}/log/", {"kind": "note"}).status_code == 403


def test_the_hire_form_has_no_list_of_every_employer(client_for, company):
    for number in range(30):
        employer(name=f"Massföretag {number} AB")
    person = contact()
    page = client_for("guide_bracke").get(f"/networks/contacts/{person.pk}/hire/").text
    assert 'name="employer_query"' in page
    assert "Massföretag" not in page and "<select" not in page.split('name="kind"')[1].split("</form>")[0]


def _post_hire(client, person, **data):
    token = client.get(f"/networks/contacts/{person.pk}/hire/").context["submission_token"]
    body = {"kind": "job", "hired_on": "2026-03-01", "submission_token": token, **data}
    return client.post(f"/networks/contacts/{person.pk}/hire/", body)


@pytest.mark.parametrize("query", ["Jämtkraft Elnät AB", "jämtkraft elnät ab", "ORG", "ORG-NOHYPHEN"])
def test_one_match_of_the_search_is_taken(client_for, company, query):
    query = {"ORG": company.org_number_display, "ORG-NOHYPHEN": company.org_number}.get(query, query)
    person = contact()
    response = _post_hire(client_for("guide_bracke"), person, employer_query=query)
    assert response.status_code == 302
    assert Hire.objects.get().employer == company


def test_several_matches_are_offered_as_a_short_choice(client_for, company):
    other = employer(name="Jämtkraft Värme AB")
    employer(name="Bräcke Bageri AB")
    client = client_for("guide_bracke")
    person = contact()
    response = _post_hire(client, person, employer_query="Jämtkraft")
    assert response.status_code == 400 and not Hire.objects.exists()
    page = response.text
    assert "Jämtkraft Elnät AB" in page and "Jämtkraft Värme AB" in page and "Bräcke Bageri" not in page
    assert f'value="{other.pk}"' in page
    chosen = _post_hire(client, person, employer_query="Jämtkraft", employer=str(other.pk))
    assert chosen.status_code == 302
    assert Hire.objects.get().employer == other


def test_a_choice_outside_the_matches_is_refused(client_for, company):
    outsider = employer(name="Bräcke Bageri AB")
    employer(name="Jämtkraft Värme AB")
    person = contact()
    response = _post_hire(client_for("guide_bracke"), person, employer_query="Jämtkraft", employer=str(outsider.pk))
    assert response.status_code == 400 and not Hire.objects.exists()


def test_no_match_says_so(client_for, company):
    response = _post_hire(client_for("guide_bracke"), contact(), employer_query="Finns Inte AB")
    assert response.status_code == 400
    assert "Ingen arbetsgivare i nätverket matchar" in response.text


def test_the_search_is_a_bounded_query(company, django_assert_max_num_queries):
    for number in range(30):
        employer(name=f"Massföretag {number} AB")
    with django_assert_max_num_queries(3):
        matches = selectors.search_employers("massföretag")
    assert len(matches) == selectors.EMPLOYER_MATCHES


def _hire(person, guide, company, **data):
    fields = {
        "kind": "job",
        "hired_on": date(2026, 3, 1),
        "employer": company,
        "occupation": "Elektriker",
        "through_programme": True,
    }
    fields.update(data)
    return services.record_hire(contact=person, acting_user=guide, **fields)


def test_a_guide_corrects_a_hire_and_the_change_is_audited(client_for, company, personas):
    person = contact()
    hire = _hire(person, personas["guide_bracke"], company)
    client = client_for("guide_are")
    page = client.get(f"/networks/hires/{hire.pk}/edit/")
    assert page.status_code == 200 and 'value="Jämtkraft Elnät AB"' in page.text
    response = client.post(
        f"/networks/hires/{hire.pk}/edit/",
        {"kind": "job", "employer_query": "Jämtkraft Elnät AB", "hired_on": "2026-03-01", "occupation": "Montör"},
    )
    assert response.status_code == 302
    hire.refresh_from_db()
    assert (hire.occupation, hire.through_programme, hire.employer) == ("Montör", False, company)
    event = AuditEvent.objects.get(object_type="networks.hire", action=AuditEvent.Action.EDIT)
    assert event.contact_id == person.pk and event.detail["fields"] == ["occupation", "through_programme"]
    # No longer through the programme: it leaves the goal figure.
    assert selectors.companies_found_staff(start=date(2026, 1, 1), end=date(2026, 12, 31)) == 0


def test_a_hire_recorded_by_mistake_is_removed_and_leaves_the_figure(client_for, company, personas):
    person = contact()
    hire = _hire(person, personas["guide_bracke"], company)
    assert selectors.companies_found_staff(start=date(2026, 1, 1), end=date(2026, 12, 31)) == 1
    client = client_for("guide_bracke")
    assert client.get(f"/networks/hires/{hire.pk}/delete/").status_code == 200
    assert Hire.objects.exists()  # a GET asks, only a POST removes
    assert client.post(f"/networks/hires/{hire.pk}/delete/").status_code == 302
    assert not Hire.objects.exists()
    assert selectors.companies_found_staff(start=date(2026, 1, 1), end=date(2026, 12, 31)) == 0
    event = AuditEvent.objects.get(object_type="networks.hire", action=AuditEvent.Action.DELETE)
    assert event.contact_id == person.pk and event.object_id == str(hire.pk)


def test_the_card_links_each_hire_to_its_edit_page(client_for, company, personas):
    person = contact()
    hire = _hire(person, personas["guide_bracke"], company)
    assert f"/networks/hires/{hire.pk}/edit/" in client_for("guide_bracke").get(f"/networks/contacts/{person.pk}/").text


def test_a_hire_detached_from_an_erased_card_cannot_be_edited(client_for, company, personas):
    hire = _hire(contact(), personas["guide_bracke"], company)
    Hire.objects.filter(pk=hire.pk).update(contact=None)
    assert client_for("coordinator").get(f"/networks/hires/{hire.pk}/edit/").status_code == 404
    assert client_for("coordinator").post(f"/networks/hires/{hire.pk}/delete/").status_code == 404
    assert Hire.objects.filter(pk=hire.pk).exists()


def test_the_network_manager_edits_and_removes_a_contact_person(client_for, company):
    person = EmployerContactPerson(employer=company, name="Karin Rekryterare", consent_given_on=date(2026, 1, 5))
    services.save_network_entry(instance=person, acting_user=None)
    client = client_for("ambassador_admin")
    assert f"/networks/contact-persons/{person.pk}/edit/" in client.get(f"/networks/employers/{company.pk}/").text
    response = client.post(
        f"/networks/contact-persons/{person.pk}/edit/",
        {"name": "Karin Rekryterare", "title": "HR-chef", "email": "", "phone": "", "consent_given_on": "2026-01-05"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "HR-chef"
    assert AuditEvent.objects.filter(
        object_type="networks.employercontactperson", object_id=str(person.pk), action=AuditEvent.Action.EDIT
    ).exists()
    assert client.post(f"/networks/contact-persons/{person.pk}/delete/").status_code == 302
    assert not EmployerContactPerson.objects.exists()
    event = AuditEvent.objects.get(object_type="networks.employercontactperson", action=AuditEvent.Action.DELETE)
    assert event.detail == {"employer": company.pk}


def test_editing_keeps_the_hires_employer_when_another_has_the_same_name(client_for, company, personas):
    twin = employer(name="Jämtkraft Elnät AB", party="bracke")  # names are not unique
    hire = _hire(contact(), personas["guide_bracke"], twin)
    response = client_for("guide_bracke").post(
        f"/networks/hires/{hire.pk}/edit/",
        {"kind": "job", "employer_query": "Jämtkraft Elnät AB", "hired_on": "2026-03-02", "through_programme": "on"},
    )
    assert response.status_code == 302
    hire.refresh_from_db()
    assert (hire.employer, str(hire.hired_on)) == (twin, "2026-03-02")
