"""What counts as activity is defined once (inflytt.privacy.activity) and used by retention.

The 2025 agreement, Bilaga 4 (docs/requirements.md), "Registervård": "De kontakter som ej har någon registrerad
aktivitet de senaste 5 åren tas bort från systemet."
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.services import add_activity, update_contact
from inflytt.privacy.activity import activity_since, no_activity_since
from inflytt.privacy.tests.factories import person

pytestmark = pytest.mark.django_db

YEARS_6 = timedelta(days=6 * 366)


def _split(cutoff):
    active = set(Contact.objects.filter(activity_since(cutoff)).values_list("pk", flat=True))
    stale = set(Contact.objects.filter(no_activity_since(cutoff)).values_list("pk", flat=True))
    return active, stale


@pytest.fixture
def old(parties):
    return person(at=timezone.now() - YEARS_6)


def test_the_two_conditions_are_exact_complements(parties, old):
    fresh = person()
    cutoff = timezone.now() - timedelta(days=365 * 5)
    active, stale = _split(cutoff)
    assert active == {fresh.pk}
    assert stale == {old.pk}


@pytest.mark.parametrize(
    "touch",
    [
        pytest.param(lambda c, now: add_activity(contact=c, kind="note", body="x", acting_user=None), id="note"),
        pytest.param(
            lambda c, now: Activity.objects.create(contact=c, kind=Activity.Kind.STATUS_CHANGE, occurred_at=now),
            id="status_change_without_last_activity_at",
        ),
        pytest.param(
            lambda c, now: MagazineOrder.objects.create(contact=c, street="a", postal_code="1", city="b"),
            id="magazine_order",
        ),
        pytest.param(
            lambda c, now: Consent.objects.create(contact=c, purpose="newsletter", text_version="1", text="t"),
            id="consent",
        ),
        pytest.param(
            lambda c, now: NewsletterSubscription.objects.create(contact=c, created_at=now), id="newsletter_request"
        ),
    ],
)
def test_each_kind_of_activity_keeps_the_card(old, touch):
    touch(old, timezone.now())
    active, stale = _split(timezone.now() - timedelta(days=365 * 5))
    assert old.pk in active
    assert old.pk not in stale


def test_an_rsvp_answer_is_activity_but_a_mailing_sent_is_not(old, personas):
    from inflytt.mailings.models import Delivery, Event, Invitation, Mailing
    from inflytt.privacy.tests.factories import auto_instance

    event = auto_instance(Event)
    invitation = Invitation.objects.create(event=event, contact=old)
    mailing = auto_instance(Mailing)
    Delivery.objects.create(mailing=mailing, contact=old, state="sent", sent_at=timezone.now())
    cutoff = timezone.now() - timedelta(days=365 * 5)
    assert old.pk in _split(cutoff)[1]
    Invitation.objects.filter(pk=invitation.pk).update(answer="yes", answered_at=timezone.now())
    assert old.pk in _split(cutoff)[0]


def test_a_staff_edit_is_not_activity(old, personas):
    """Reading or correcting a card must not keep it alive: only what is documented on it counts."""
    old.refresh_from_db()
    update_contact(
        contact=old, data={"phone": "+46709999999"}, version=old.version, acting_user=personas["coordinator"]
    )
    _active, stale = _split(timezone.now() - timedelta(days=365 * 5))
    assert old.pk in stale
