"""Every role on the networks pages that need a row to answer (the rest are in
inflytt/accounts/tests/test_permission_matrix.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Event
from inflytt.networks import services
from inflytt.networks.models import EmployerContactPerson
from inflytt.networks.tests.factories import ambassador, coworking, employer

ROLES = ["guide_bracke", "guide_are", "coordinator", "steering", "ambassador_admin"]
VIEW = {"guide_bracke": 200, "guide_are": 200, "coordinator": 200, "steering": 403, "ambassador_admin": 200}
EDIT = {"guide_bracke": 403, "guide_are": 403, "coordinator": 200, "steering": 403, "ambassador_admin": 200}
PEOPLE = {"guide_bracke": 200, "guide_are": 200, "coordinator": 200, "steering": 403, "ambassador_admin": 403}


@pytest.fixture
def rows(personas):
    coworking()  # unrelated rows first, so ids differ between tables
    person = contact(municipalities=("bracke",))
    guide = personas["guide_bracke"]
    company = employer(needs=("Elektriker",))
    active = ambassador()
    introduction = services.introduce(
        contact=person, ambassador=active, shared=["name"], consent_given=True, acting_user=guide
    )
    hire = services.record_hire(
        contact=person,
        kind="job",
        hired_on=date(2026, 3, 1),
        employer=company,
        occupation="Elektriker",
        through_programme=True,
        acting_user=guide,
    )
    contact_person = services.save_network_entry(
        instance=EmployerContactPerson(employer=company, name="Karin", consent_given_on=date(2026, 1, 5)),
        acting_user=None,
    )
    meet_up = Event.objects.create(
        title="Träff", starts_at=timezone.now() + timedelta(days=7), place="Folkets hus", capacity=10
    )
    return {
        "event": meet_up.pk,
        "hire": hire.pk,
        "contact_person": contact_person.pk,
        "contact": person.pk,
        "ambassador": active.pk,
        "space": coworking().pk,
        "employer": company.pk,
        "need": company.needs.get().pk,
        "introduction": introduction.pk,
    }


CASES = [
    ("get", "/networks/ambassadors/{ambassador}/", VIEW),
    ("get", "/networks/ambassadors/{ambassador}/edit/", EDIT),
    ("post", "/networks/ambassadors/{ambassador}/log/", {**EDIT, "coordinator": 400, "ambassador_admin": 400}),
    ("get", "/networks/coworking/{space}/edit/", EDIT),
    ("get", "/networks/employers/{employer}/", VIEW),
    ("get", "/networks/employers/{employer}/edit/", EDIT),
    ("get", "/networks/employers/{employer}/needs/new/", EDIT),
    ("get", "/networks/needs/{need}/edit/", EDIT),
    ("get", "/networks/employers/{employer}/contact-persons/new/", EDIT),
    ("get", "/networks/contacts/{contact}/introduce/{ambassador}/", PEOPLE),
    # An empty post: the page again with the error.
    ("post", "/networks/employers/{employer}/log/", {**EDIT, "coordinator": 400, "ambassador_admin": 400}),
    ("get", "/networks/contact-persons/{contact_person}/edit/", EDIT),
    ("get", "/networks/contact-persons/{contact_person}/delete/", EDIT),
    ("get", "/networks/events/{event}/", EDIT),
    # An empty choice invites every active ambassador; attendance with no box ticked marks nobody.
    ("post", "/networks/events/{event}/invite/", {**EDIT, "coordinator": 302, "ambassador_admin": 302}),
    ("post", "/networks/events/{event}/attendance/", {**EDIT, "coordinator": 302, "ambassador_admin": 302}),
    # Hires are on the newcomer's card: guides and coordinators, never the network manager.
    ("get", "/networks/hires/{hire}/edit/", PEOPLE),
    ("get", "/networks/hires/{hire}/delete/", PEOPLE),
    (
        "post",
        "/networks/introductions/{introduction}/met/",
        {**PEOPLE, "guide_bracke": 302, "guide_are": 302, "coordinator": 302},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "expected"), CASES)
def test_every_role_gets_the_expected_answer(client_for, rows, method, template, expected):
    path = template.format(**rows)
    assert client_for("anonymous").get(path).status_code == 302
    for role in ROLES:
        response = getattr(client_for(role), method)(path)
        assert response.status_code == expected[role], (path, role)


@pytest.mark.django_db
def test_the_network_manager_and_steering_see_no_newcomer(client_for, personas, rows):
    """The network manager sees no newcomer; steering sees counts only."""
    person = contact(first_name="Märta", last_name="Hemligsson", email="marta@example.se", municipalities=("bracke",))
    active = ambassador(first_name="Gunnel", party="bracke")
    services.introduce(
        contact=person,
        ambassador=active,
        shared=["name", "email"],
        consent_given=True,
        acting_user=personas["guide_bracke"],
    )
    manager = client_for("ambassador_admin")
    for path in ["/networks/", f"/networks/ambassadors/{active.pk}/", "/networks/ambassadors/"]:
        body = manager.get(path).content.decode()
        for secret in ("Märta", "Hemligsson", "marta@example.se"):
            assert secret not in body, (path, secret)
    steering = client_for("steering").get("/networks/").content.decode()
    assert "Gunnel" not in steering and "Märta" not in steering
