"""Arbitrary Unicode in the public links and the RSVP form never gives a 500 and changes nobody's
answer or subscription (docs/security.md, Input and output)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Event, Invitation
from inflytt.mailings.tokens import rsvp_token

pytestmark = pytest.mark.django_db
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(token=st.text(min_size=1, max_size=400), lang=st.text(max_size=20))
def test_any_token_is_a_clear_not_found(parties, token, lang):
    for path in ("unsubscribe", "rsvp"):
        url = f"/mailings/{path}/{quote(token, safe='')}/?lang={quote(lang, safe='')}"
        assert Client().get(url).status_code in (404,), url
        assert Client().post(url).status_code in (403, 404), url


@SETTINGS
@given(coming=st.text(max_size=50), guests=st.text(max_size=50))
def test_any_rsvp_input_is_answered_without_an_error_page(parties, coming, guests):
    event, _ = Event.objects.get_or_create(
        title="Träff", defaults={"starts_at": timezone.now() + timedelta(days=3), "place": "Åre", "capacity": 5}
    )
    person = Invitation.objects.filter(event=event).first()
    if person is None:
        person = Invitation.objects.create(event=event, contact=contact(email="p@example.se"))
    url = f"/mailings/rsvp/{rsvp_token(event_id=event.pk, contact_id=person.contact_id)}/"
    response = Client().post(url, {"coming": coming, "guests": guests})
    assert response.status_code in (200, 400)
