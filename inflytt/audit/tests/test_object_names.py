"""The audit viewer shows objects by their names (issue 14: "No raw technical text where people
read: ... audit objects by their names"), one query per object type on a page, and no person's
name to a reader who may not see people ("the steering role never sees a person")."""

from __future__ import annotations

import pytest

from inflytt.audit.models import AuditEvent
from inflytt.audit.names import with_names
from inflytt.audit.services import record_event
from inflytt.contacts.models import Contact
from inflytt.mailings.models import Mailing

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(personas, parties):
    contact = Contact.objects.create(
        first_name="Åsa", last_name="Öberg", email="asa@example.se", assigned_party=parties["bracke"]
    )
    mailing = Mailing.objects.create(
        name="Internt namn",
        purpose=Mailing.Purpose.NEWSLETTER,
        subject_sv="Novembernytt",
        created_by=personas["guide_bracke"],
    )
    record_event(action="view", actor=personas["guide_bracke"], obj=contact)
    record_event(action="edit", actor=personas["guide_bracke"], obj=mailing, contact_id=None)
    record_event(action="edit", actor=personas["coordinator"], obj=personas["guide_are"])
    record_event(action="view", actor=personas["guide_are"], contact_id=contact.pk, detail={"export": True})
    return contact, mailing


def test_the_viewer_names_the_contact_the_mailing_and_the_user(client_for, named, personas):
    page = client_for("coordinator").get("/privacy/audit/").content.decode()
    assert "Åsa Öberg" in page
    assert "Novembernytt" in page
    guide = personas["guide_are"]
    assert f"{guide.first_name} {guide.last_name}".strip() in page
    assert "contacts.contact" not in page and "mailings.mailing" not in page


def test_an_object_no_longer_stored_shows_its_number_not_a_name(client_for, named):
    contact, _mailing = named
    contact_id = contact.pk
    Contact.objects.filter(pk=contact_id).delete()
    page = client_for("coordinator").get("/privacy/audit/").content.decode()
    assert "Åsa" not in page
    assert f"#{contact_id}" in page


def test_names_cost_one_query_per_object_type_whatever_the_number_of_rows(personas, parties, django_assert_num_queries):
    """Intended to prevent an n+1 issue: three types on the page, three queries, for 3 or 60 rows."""
    for n in range(20):
        contact = Contact.objects.create(first_name=f"K{n}", email=f"k{n}@example.se", assigned_party=parties["are"])
        record_event(action="view", actor=personas["guide_are"], obj=contact)
        record_event(action="edit", actor=personas["coordinator"], obj=parties["are"])
        record_event(action="edit", actor=personas["coordinator"], obj=personas["guide_bracke"])
    events = list(AuditEvent.objects.order_by("-pk"))
    with django_assert_num_queries(3):
        rows = with_names(events, may_see_people=True)
    assert {row.named_object.name for row in rows if row.object_type == "contacts.contact"} == {  # type: ignore[attr-defined]
        f"K{n}" for n in range(20)
    }


def test_no_persons_name_for_a_reader_who_may_not_see_people(named):
    contact, mailing = named
    rows = with_names(AuditEvent.objects.order_by("pk"), may_see_people=False)
    shown = " ".join(f"{row.named_contact} {row.named_object}" for row in rows)  # type: ignore[attr-defined]
    assert "Åsa" not in shown and "Öberg" not in shown
    assert f"#{contact.pk}" in shown
    assert "Novembernytt" in shown  # a mailing's subject is no person


def test_steering_cannot_open_the_viewer(client_for, named):
    assert client_for("steering").get("/privacy/audit/").status_code == 403
