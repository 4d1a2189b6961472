"""Issue 10: "The contact edit page and every guidance action page that shows personal data write
a view event." Reading a person's data is audited wherever it is shown, not only on the card."""

from __future__ import annotations

import pytest
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Activity
from inflytt.contacts.services import add_activity
from inflytt.contacts.tests.factories import contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(parties):
    # Unrelated cards first, so the person's id differs from the ids of users and parties.
    for n in range(4):
        contact(email=f"other{n}@example.se")
    return contact(email="shown@example.se", municipalities=("bracke",))


@pytest.mark.parametrize(
    "path, page",
    [
        ("/contacts/{pk}/edit/", "edit"),
        ("/guidance/contacts/{pk}/transfer/", "transfer"),
        ("/guidance/contacts/{pk}/assign/", "assign"),
        ("/guidance/contacts/{pk}/status/", "status"),
        ("/guidance/contacts/{pk}/email/", "email"),
    ],
)
def test_showing_an_action_page_writes_a_view_event(client_for, personas, person, path, page):
    AuditEvent.objects.all().delete()
    response = client_for("guide_bracke").get(path.format(pk=person.pk))
    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.contact_id, event.detail) == (personas["guide_bracke"], person.pk, {"page": page})


def test_the_follow_up_list_writes_a_view_event(client_for, personas, person):
    add_activity(
        contact=person,
        kind=Activity.Kind.NOTE,
        body="Ring tillbaka",
        follow_up_on=timezone.localdate(),
        acting_user=personas["guide_bracke"],
    )
    AuditEvent.objects.all().delete()
    assert client_for("guide_bracke").get("/guidance/follow-ups/").status_code == 200
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
    assert event.detail == {"page": "follow_ups"} and event.actor == personas["guide_bracke"]
