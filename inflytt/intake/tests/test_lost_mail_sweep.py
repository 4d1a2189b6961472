"""A receipt or guides' notice whose task was lost (a worker killed right after taking it: huey on
Redis pops the task before it runs) is sent by the periodic sweep, once (docs/decisions/0014)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from inflytt.intake import tasks
from inflytt.intake.models import RegistrationMail
from inflytt.intake.tests.helpers import post_form

pytestmark = pytest.mark.django_db

PERSON = "asa.oberg@example.se"


def register_with_the_task_lost(monkeypatch, capture) -> None:
    """Post the form while the queue swallows every task: what a killed worker leaves behind."""
    with monkeypatch.context() as patch:
        patch.setattr(HUEY, "enqueue", lambda task: None)
        with capture(execute=True):
            response = post_form(Client(), municipalities=["bracke"])
    assert response.status_code == 303


def older_than_the_grace() -> None:
    RegistrationMail.objects.update(created_at=timezone.now() - timedelta(minutes=10))


def recipients(inbox) -> list[str]:
    return sorted(message["To"] for message in inbox.messages)


def test_the_sweep_sends_a_lost_receipt_and_notice_exactly_once(
    smtp_server, parties, personas, monkeypatch, django_capture_on_commit_callbacks
):
    guide = personas["guide_bracke"].email
    register_with_the_task_lost(monkeypatch, django_capture_on_commit_callbacks)
    assert smtp_server.messages == []
    older_than_the_grace()

    assert tasks.sweep_registration_mails.call_local() == 2
    assert recipients(smtp_server) == sorted([PERSON, guide])

    assert tasks.sweep_registration_mails.call_local() == 0
    for mail in RegistrationMail.objects.all():
        tasks.send_registration_mail.call_local(mail.pk)  # the lost task turning up after all
    assert recipients(smtp_server) == sorted([PERSON, guide])
    assert not RegistrationMail.objects.filter(sent_at__isnull=True).exists()


def test_the_sweep_leaves_mails_still_on_their_way_and_old_ones(
    smtp_server, parties, personas, monkeypatch, django_capture_on_commit_callbacks, settings
):
    register_with_the_task_lost(monkeypatch, django_capture_on_commit_callbacks)
    assert tasks.sweep_registration_mails.call_local() == 0  # younger than the grace: maybe still queued
    settings.INFLYTT_REGISTRATION_MAIL_SWEEP_HOURS = 1
    RegistrationMail.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert tasks.sweep_registration_mails.call_local() == 0
    assert smtp_server.messages == []


def test_a_mail_whose_send_failed_is_sent_by_the_retry(
    smtp_server, parties, personas, monkeypatch, django_capture_on_commit_callbacks, settings
):
    """A refused connection releases the claim: the retry sends it (and only once)."""
    settings.EMAIL_PORT, port = 1, settings.EMAIL_PORT  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        post_form(Client(), municipalities=["bracke"])  # huey logs the error and schedules a retry
    assert RegistrationMail.objects.filter(claimed_at__isnull=True).count() == 2
    settings.EMAIL_PORT = port
    older_than_the_grace()
    assert tasks.sweep_registration_mails.call_local() == 2
    assert len(smtp_server.messages) == 2


def test_a_registration_is_stored_while_the_queue_is_down(parties, monkeypatch, django_capture_on_commit_callbacks):
    """The queue refusing the task after commit does not turn the saved registration into a 500."""

    def down(task):
        raise ConnectionError("queue down")

    with monkeypatch.context() as patch:
        patch.setattr(HUEY, "enqueue", down)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_form(Client(), municipalities=["bracke"])
    assert response.status_code == 303
    assert RegistrationMail.objects.filter(sent_at__isnull=True).count() == 2


def claimed_long_ago(**fields) -> None:
    """What a worker killed after its claim leaves: the rows claimed (and maybe handed over) ten
    minutes ago, never marked sent."""
    ago = timezone.now() - timedelta(minutes=10)
    RegistrationMail.objects.update(created_at=ago, claimed_at=ago, **fields)


def test_a_mail_claimed_by_a_worker_killed_before_it_sent_is_sent_by_the_sweep_once(
    smtp_server, parties, personas, monkeypatch, django_capture_on_commit_callbacks
):
    """Issue 16's load run on PostgreSQL: the worker killed while it worked through a burst's
    receipts took one person's receipt with it. A claim never handed over to the mail server is a
    worker that died before sending: the sweep takes it back after the grace and sends it."""
    guide = personas["guide_bracke"].email
    register_with_the_task_lost(monkeypatch, django_capture_on_commit_callbacks)
    claimed_long_ago()

    assert tasks.sweep_registration_mails.call_local() == 2
    assert recipients(smtp_server) == sorted([PERSON, guide])
    assert tasks.sweep_registration_mails.call_local() == 0
    assert len(smtp_server.messages) == 2


def test_a_mail_handed_over_by_a_worker_killed_before_its_mark_is_not_sent_again(
    smtp_server, parties, personas, monkeypatch, django_capture_on_commit_callbacks
):
    """Handed over, the mail may have reached the server: never sent twice (docs/decisions/0014)."""
    register_with_the_task_lost(monkeypatch, django_capture_on_commit_callbacks)
    claimed_long_ago(handed_at=timezone.now() - timedelta(minutes=10))
    assert tasks.sweep_registration_mails.call_local() == 0
    for mail in RegistrationMail.objects.all():
        tasks.send_registration_mail.call_local(mail.pk)
    assert smtp_server.messages == []


def test_a_worker_whose_claim_was_taken_back_does_not_send(
    smtp_server, parties, personas, monkeypatch, django_capture_on_commit_callbacks, settings
):
    """A worker stalled past the grace between its claim and the hand-over: the sweep took the mail
    back and another worker sent it, so the stalled one finds its claim gone and sends nothing."""
    register_with_the_task_lost(monkeypatch, django_capture_on_commit_callbacks)
    older_than_the_grace()
    receipt = RegistrationMail.objects.get(kind=RegistrationMail.Kind.RECEIPT)
    RegistrationMail.objects.exclude(pk=receipt.pk).delete()
    build = tasks._receipt

    def stalled(*args, **kwargs):
        messages = build(*args, **kwargs)
        settings.INFLYTT_REGISTRATION_MAIL_GRACE_SECONDS = 0  # the stall outlasts the grace
        monkeypatch.setattr(tasks, "_receipt", build)
        assert tasks.sweep_registration_mails.call_local() == 1  # taken back, sent by "another worker"
        return messages

    monkeypatch.setattr(tasks, "_receipt", stalled)
    tasks.send_registration_mail.call_local(receipt.pk)
    assert recipients(smtp_server) == [PERSON]
    receipt.refresh_from_db()
    assert receipt.sent_at is not None
