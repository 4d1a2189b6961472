"""A send interrupted half-way (the worker dies) resumes without sending anyone the mailing
twice. The 2025 agreement, Bilaga 4 (docs/requirements.md): "bra urval så att varje inbjudan hamnar med relevant
information hos rätt individ" — once each."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.mail import get_connection
from django.utils import timezone

from inflytt.contacts.models import Activity
from inflytt.mailings import delivery, services, status
from inflytt.mailings.models import Delivery, Mailing
from inflytt.mailings.tests.conftest import subscriber

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """Not an SMTP error: nothing in the sending loop catches it, as with a killed process."""


def dying_connection(*, after: int, accepted: bool):
    """A real SMTP connection that dies at mail number `after` + 1: before the server got it
    (accepted=False) or right after the server accepted it, before the outcome was written."""
    real = get_connection(fail_silently=False)
    sent = 0
    original = real.send_messages

    def send_messages(messages):
        nonlocal sent
        if sent == after:
            if accepted:
                original(messages)
            raise WorkerDied
        sent += 1
        return original(messages)

    real.send_messages = send_messages  # type: ignore[method-assign]
    return real


@pytest.mark.parametrize("accepted", [False, True], ids=["died-before-the-server-got-it", "died-after-it-was-accepted"])
def test_an_interrupted_send_resumes_without_duplicates(
    smtp_server, make_mailing, personas, settings, monkeypatch, accepted, django_capture_on_commit_callbacks
):
    settings.INFLYTT_MAILING_CHUNK = 4
    people = [subscriber(email=f"p{n}@example.se") for n in range(10)]
    mailing = make_mailing()
    services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    assert status.begin_sending(mailing.pk)
    delivery.materialise(mailing)

    # The worker dies at the 7th mail (the second chunk: rows 5-8).
    monkeypatch.setattr(delivery, "get_connection", lambda **kw: dying_connection(after=6, accepted=accepted))
    with pytest.raises(WorkerDied):
        delivery.run(mailing.pk)
    assert Delivery.objects.filter(mailing=mailing, state=Delivery.State.SENDING).count() == 2

    # Another worker, after the lease: takes the dead one's rows over and finishes.
    monkeypatch.undo()
    later = timezone.now() + timedelta(seconds=settings.INFLYTT_MAILING_LEASE_SECONDS + 1)
    assert delivery.run(mailing.pk, now=later) == "done"

    received = Counter(message["To"] for message in smtp_server.messages)
    assert max(received.values()) == 1, "nobody gets the mailing twice"
    assert len(received) == 10 if accepted else 9
    interrupted = Delivery.objects.get(mailing=mailing, state=Delivery.State.FAILED)
    assert interrupted.last_error == delivery.INTERRUPTED
    assert Delivery.objects.filter(mailing=mailing, state=Delivery.State.SENT).count() == 9
    logged = Counter(Activity.objects.filter(kind=Activity.Kind.EMAIL_OUT).values_list("contact_id", flat=True))
    assert set(logged.values()) == {1} and len(logged) == 9
    assert interrupted.contact_id in {person.pk for person in people}
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_running_the_start_twice_queues_everyone_once(make_mailing, personas, smtp_server):
    for n in range(3):
        subscriber(email=f"p{n}@example.se")
    mailing = make_mailing()
    services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    status.begin_sending(mailing.pk)
    assert delivery.materialise(mailing) == 3
    assert delivery.materialise(mailing) == 3
    assert not status.begin_sending(mailing.pk)  # already sending: a second start does nothing


def test_two_workers_never_claim_the_same_row(make_mailing, personas):
    for n in range(6):
        subscriber(email=f"p{n}@example.se")
    mailing = make_mailing()
    services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    status.begin_sending(mailing.pk)
    delivery.materialise(mailing)
    first, second = delivery.claim(mailing, size=4), delivery.claim(mailing, size=4)
    mine = set(Delivery.objects.filter(claim=first).values_list("pk", flat=True))
    theirs = set(Delivery.objects.filter(claim=second).values_list("pk", flat=True))
    assert (len(mine), len(theirs)) == (4, 2) and not mine & theirs


def test_the_minute_task_starts_a_scheduled_mailing_when_it_is_due(smtp_server, make_mailing, personas):
    from inflytt.mailings import tasks

    subscriber(email="p@example.se")
    mailing = make_mailing()
    services.schedule_mailing(
        mailing=mailing, acting_user=personas["coordinator"], send_at=timezone.now() + timedelta(hours=1)
    )
    tasks.send_due_mailings.call_local()
    assert smtp_server.messages == []
    Mailing.objects.filter(pk=mailing.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    tasks.send_due_mailings.call_local()
    assert [message["To"] for message in smtp_server.messages] == ["p@example.se"]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_who_unsubscribes_while_the_send_runs_is_skipped(smtp_server, make_mailing, personas):
    from inflytt.contacts.models import NewsletterSubscription

    stays, leaves = subscriber(email="stays@example.se"), subscriber(email="leaves@example.se")
    mailing = make_mailing()
    services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    status.begin_sending(mailing.pk)
    delivery.materialise(mailing)
    NewsletterSubscription.objects.filter(contact=leaves).update(unsubscribed_at=timezone.now())
    assert delivery.run(mailing.pk) == "done"
    assert [message["To"] for message in smtp_server.messages] == ["stays@example.se"]
    assert Delivery.objects.get(mailing=mailing, contact=leaves).state == Delivery.State.SKIPPED
    assert Delivery.objects.get(mailing=mailing, contact=stays).state == Delivery.State.SENT
