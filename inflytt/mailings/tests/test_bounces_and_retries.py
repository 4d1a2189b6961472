"""SMTP failures: a permanent one (5xx) marks the address as bouncing and excludes it from
every later mailing until the card's address changes; a temporary one (4xx) is retried with
back-off. The 2025 agreement, Bilaga 4 (docs/requirements.md): "bra urval så att varje inbjudan hamnar med relevant
information hos rätt individ" — a dead address is not the right individual."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inflytt.contacts.models import Activity
from inflytt.contacts.services import update_contact
from inflytt.mailings import delivery, services
from inflytt.mailings.models import BouncingAddress, Delivery, Mailing
from inflytt.mailings.selectors import mailing_figures, recipients
from inflytt.mailings.tests.conftest import recipients_of, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(db, parties):
    return {
        "ok": subscriber(email="ok@example.se"),
        "bounce": subscriber(email="bounce@example.se"),
        "later": subscriber(email="later@example.se"),
    }


def start(mailing, user, captured) -> None:
    with captured(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=user)


def test_a_5xx_marks_the_address_bouncing_and_a_4xx_waits_for_a_retry(
    picky_smtp_server, three, make_mailing, personas, django_capture_on_commit_callbacks
):
    mailing = make_mailing()
    start(mailing, personas["coordinator"], django_capture_on_commit_callbacks)

    assert recipients_of(picky_smtp_server.messages) == ["ok@example.se"]
    rows = {row.contact_id: row for row in Delivery.objects.filter(mailing=mailing)}
    bounced, waiting = rows[three["bounce"].pk], rows[three["later"].pk]
    assert (bounced.state, bounced.last_error) == (Delivery.State.BOUNCED, "550")
    assert (waiting.state, waiting.attempts, waiting.last_error) == (Delivery.State.QUEUED, 1, "451")
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=200)  # back-off, not at once
    assert BouncingAddress.objects.filter(contact=three["bounce"], email_normalised="bounce@example.se").exists()
    assert Activity.objects.filter(contact=three["bounce"], kind=Activity.Kind.SYSTEM).exists()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING  # the retry is still to come
    figures = mailing_figures(mailing)
    assert (figures["sent"], figures["bounced"], figures["queued"]) == (1, 1, 1)

    # The retry is due later; by then the server takes the mail.
    picky_smtp_server.busy = False
    assert delivery.run(mailing.pk, now=waiting.next_attempt_at + timedelta(seconds=1)) == "done"
    assert recipients_of(picky_smtp_server.messages) == ["later@example.se", "ok@example.se"]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_a_temporary_failure_gives_up_after_the_configured_attempts(
    picky_smtp_server, three, make_mailing, personas, settings, django_capture_on_commit_callbacks
):
    settings.INFLYTT_MAILING_MAX_ATTEMPTS = 2
    mailing = make_mailing()
    start(mailing, personas["coordinator"], django_capture_on_commit_callbacks)
    assert delivery.run(mailing.pk, now=timezone.now() + timedelta(days=1)) == "done"
    row = Delivery.objects.get(mailing=mailing, contact=three["later"])
    assert (row.state, row.attempts) == (Delivery.State.FAILED, 2)


def test_a_bouncing_address_is_left_out_until_the_card_gets_a_new_one(
    picky_smtp_server, three, make_mailing, personas, django_capture_on_commit_callbacks
):
    start(make_mailing(), personas["coordinator"], django_capture_on_commit_callbacks)
    second = make_mailing(name="Decembernytt")
    assert three["bounce"] not in recipients(second)

    person = three["bounce"]
    update_contact(
        contact=person, data={"email": "fixed@example.se"}, version=person.version, acting_user=personas["guide_bracke"]
    )
    assert person in recipients(second)
