"""Retention: the yearly deletion of contacts without activity.

The 2025 agreement, Bilaga 4 (docs/requirements.md), "Registervård":
  "De kontakter som ej har någon registrerad aktivitet de senaste 5 åren tas bort från systemet.
   Det görs en gång per år (går att göra ett urval för att få fram dessa kontakter)"
  "De som prenumererar på nyhetsbrev får ligga kvar tills de tar bort sig själva."
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Activity, Consent, Contact, ContactMunicipality, NewsletterSubscription
from inflytt.lib.dates import retention_cutoff
from inflytt.privacy import services
from inflytt.privacy.models import NewsletterOnly, RetentionRun
from inflytt.privacy.selectors import retention_preview
from inflytt.privacy.tasks import yearly_retention
from inflytt.privacy.tests.factories import person

pytestmark = pytest.mark.django_db


def _run(coordinator=None, **kwargs) -> RetentionRun:
    run = services.start_retention(run=services.propose_retention(), acting_user=coordinator)
    return services.execute_retention(run_id=run.pk, **kwargs)


def test_boundary_4_years_364_days_is_kept_5_years_is_deleted(parties):
    """ "ej har någon registrerad aktivitet de senaste 5 åren": exactly 5 years without activity
    goes, one day less stays."""
    now = timezone.now()
    cutoff = retention_cutoff(now)
    assert cutoff.year == timezone.localtime(now).year - 5
    kept = person(at=cutoff + timedelta(days=1))  # 4 years 364 days (365 in a leap span)
    kept_by_a_minute = person(at=cutoff + timedelta(minutes=1))
    exactly = person(at=cutoff)
    older = person(at=cutoff - timedelta(days=1))
    run = _run()
    remaining = set(Contact.objects.values_list("pk", flat=True))
    assert {kept.pk, kept_by_a_minute.pk} <= remaining
    assert not {exactly.pk, older.pk} & remaining
    assert run.state == RetentionRun.State.DONE
    assert run.counts == {"bracke": {"deleted": 2, "reduced": 0}}


def test_years_are_a_setting(parties, settings):
    settings.INFLYTT_RETENTION_YEARS = 2
    card = person(at=timezone.now() - timedelta(days=3 * 365))
    _run()
    assert not Contact.objects.filter(pk=card.pk).exists()


def test_a_deleted_contact_takes_every_row_with_it(parties):
    card = person(at=timezone.now() - timedelta(days=6 * 365))
    _run()
    for model in (Activity, Consent, ContactMunicipality, NewsletterSubscription):
        assert not model.objects.filter(contact_id=card.pk).exists(), model


def test_a_confirmed_subscriber_is_reduced_to_what_the_newsletter_needs(parties):
    """ "De som prenumererar på nyhetsbrev får ligga kvar tills de tar bort sig själva."""
    card = person(
        at=timezone.now() - timedelta(days=6 * 365),
        subscribed=True,
        language="en",
        last_name="Ågren",
        current_city="Bräcke",
    )
    assert card.duplicate_block == "bracke|a"
    run = _run()
    assert run.counts == {"bracke": {"deleted": 0, "reduced": 1}}
    card.refresh_from_db()
    assert card.email and card.language == "en"
    assert (card.first_name, card.last_name, card.phone, card.message, card.occupation) == ("", "", "", "", "")
    assert card.search_text == card.email_normalised and card.duplicate_block == ""
    assert card.newsletter.is_active
    assert list(card.consents.values_list("purpose", flat=True)) == ["newsletter"]
    assert not card.activities.exists() and not card.magazine_orders.exists()
    assert not card.municipality_rows.exists() and not card.interest_rows.exists()
    assert NewsletterOnly.objects.filter(contact=card).exists()
    # The next yearly run leaves the reduced card alone while the subscription lasts.
    assert _run().counts == {}
    assert Contact.objects.filter(pk=card.pk).exists()


def test_a_reduced_card_leaves_the_guides_contact_list(parties, client_for):
    card = person(at=timezone.now() - timedelta(days=6 * 365), subscribed=True)
    _run()
    page = client_for("guide_bracke").get("/contacts/")
    assert card.pk not in {row.pk for row in page.context["page"]}


def test_an_unconfirmed_or_ended_subscription_does_not_keep_a_card(parties):
    long_ago = timezone.now() - timedelta(days=6 * 365)
    unconfirmed = person(at=long_ago)
    NewsletterSubscription.objects.create(contact=unconfirmed, created_at=long_ago)
    ended = person(at=long_ago, subscribed=True)
    NewsletterSubscription.objects.filter(contact=ended).update(unsubscribed_at=long_ago)
    _run()
    assert not Contact.objects.filter(pk__in=[unconfirmed.pk, ended.pk]).exists()


def test_a_reduced_subscriber_is_deleted_when_they_unsubscribe(parties):
    """ "... tills de tar bort sig själva": at once, not at the next yearly run."""
    card = person(at=timezone.now() - timedelta(days=6 * 365), subscribed=True)
    _run()
    NewsletterSubscription.objects.filter(contact=card).update(unsubscribed_at=timezone.now())
    assert services.on_unsubscribed(contact=card) is True
    assert not Contact.objects.filter(pk=card.pk).exists()
    assert AuditEvent.objects.filter(contact_id=card.pk, action="delete", detail={"reason": "unsubscribed"}).exists()


def test_a_full_card_that_unsubscribes_keeps_its_card(parties):
    card = person(subscribed=True)
    NewsletterSubscription.objects.filter(contact=card).update(unsubscribed_at=timezone.now())
    assert services.on_unsubscribed(contact=card) is False
    assert Contact.objects.filter(pk=card.pk).exists()
    assert card.consents.get(purpose="newsletter").withdrawn_at is not None


def test_a_reduced_card_whose_subscription_ended_unnoticed_goes_at_the_next_run(parties):
    card = person(at=timezone.now() - timedelta(days=6 * 365), subscribed=True)
    _run()
    NewsletterSubscription.objects.filter(contact=card).update(unsubscribed_at=timezone.now())
    assert _run().counts == {"bracke": {"deleted": 1, "reduced": 0}}
    assert not Contact.objects.filter(pk=card.pk).exists()


def test_the_preview_counts_per_party_and_changes_nothing(parties):
    long_ago = timezone.now() - timedelta(days=6 * 365)
    person(at=long_ago, municipalities=("bracke",))
    person(at=long_ago, municipalities=("are",), subscribed=True)
    person(at=long_ago, municipalities=())
    person(municipalities=("are",))
    rows = {row.party.slug: (row.delete, row.reduce) for row in retention_preview(cutoff=retention_cutoff())}
    assert rows["bracke"] == (1, 0)
    assert rows["are"] == (0, 1)
    assert rows["region"] == (1, 0)
    assert Contact.objects.count() == 4


def test_the_run_works_in_chunks_and_an_interrupted_run_completes_when_run_again(parties):
    """Never one huge transaction: each chunk commits on its own, with its counts, so a run
    stopped half-way continues to the same result."""
    long_ago = timezone.now() - timedelta(days=6 * 365)
    stale = [person(at=long_ago) for _ in range(5)] + [person(at=long_ago, subscribed=True) for _ in range(2)]
    fresh = person()
    run = services.start_retention(run=services.propose_retention(), acting_user=None)
    run = services.execute_retention(run_id=run.pk, chunk=2, max_chunks=2)  # "the worker died"
    assert run.state == RetentionRun.State.RUNNING
    done_so_far = sum(sum(party.values()) for party in run.counts.values())
    assert done_so_far == 4
    run = services.execute_retention(run_id=run.pk, chunk=2)
    assert run.state == RetentionRun.State.DONE
    assert run.counts == {"bracke": {"deleted": 5, "reduced": 2}}
    assert set(Contact.objects.values_list("pk", flat=True)) == {fresh.pk, *(card.pk for card in stale[5:])}


def test_a_run_started_twice_at_once_runs_once(parties):
    """Two confirmations (two tabs, two coordinators, two hosts): the second is refused by the
    database (one running run at most), not by a check in Python."""
    first = services.propose_retention()
    second = RetentionRun.objects.create(cutoff=first.cutoff)
    services.start_retention(run=first, acting_user=None)
    with pytest.raises(services.RetentionAlreadyRunning):
        services.start_retention(run=second, acting_user=None)
    with pytest.raises(services.RetentionAlreadyRunning):
        services.start_retention(run=first, acting_user=None)
    assert RetentionRun.objects.filter(state="running").count() == 1


def test_only_an_interrupted_run_can_be_resumed_and_only_once(parties, settings):
    run = services.start_retention(run=services.propose_retention(), acting_user=None)
    assert services.claim_for_resume(run=run) is False  # its worker is alive
    RetentionRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert services.claim_for_resume(run=run) is True
    assert services.claim_for_resume(run=run) is False


def test_the_result_is_logged_as_counts_per_party_without_personal_data(parties):
    card = person(at=timezone.now() - timedelta(days=6 * 365), last_name="Hemligsson")
    run = _run()
    event = AuditEvent.objects.get(object_type="privacy.retentionrun", object_id=str(run.pk), detail__retention="done")
    text = str(event.detail) + str(run.counts) + str(run.preview)
    for secret in ("Hemligsson", card.email, "Östen"):
        assert secret not in text


def test_the_audit_log_keeps_its_own_retention_period(parties, settings):
    settings.INFLYTT_AUDIT_RETENTION_DAYS = 30
    old = AuditEvent.objects.create(action="view")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    recent = AuditEvent.objects.create(action="view")
    run = _run()
    assert run.audit_events_deleted == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_the_yearly_task_prepares_a_preview_and_tells_the_coordinators(parties, personas):
    person(at=timezone.now() - timedelta(days=6 * 365))
    yearly_retention.call_local()
    run = RetentionRun.objects.get()
    assert run.state == RetentionRun.State.PROPOSED
    assert run.preview["bracke"] == {"delete": 1, "reduce": 0}
    assert Contact.objects.count() == 1  # nothing deleted before a coordinator confirms
    assert [message.to for message in mail.outbox] == [["coordinator@example.se"]]


def test_the_coordinator_previews_confirms_and_sees_the_result(parties, client_for, django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(days=6 * 365)
    card = person(at=long_ago, last_name="Gammalsson")
    client = client_for("coordinator")
    assert client.post("/privacy/retention/").status_code == 302
    page = client.get("/privacy/retention/")
    assert "Gammalsson" in page.content.decode()
    run = RetentionRun.objects.get(state="proposed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/privacy/retention/{run.pk}/start/")
    assert response["Location"] == f"/privacy/retention/{run.pk}/"
    assert not Contact.objects.filter(pk=card.pk).exists()  # the task ran (immediate in tests)
    result = client.get(response["Location"])
    run.refresh_from_db()
    assert run.state == "done"
    assert "Bräcke" in result.content.decode()
    # A second confirmation of the same run does nothing.
    again = client.post(f"/privacy/retention/{run.pk}/start/", follow=True)
    assert "already" in again.content.decode() or "redan" in again.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_racing_in_two_threads_start_one_run(parties):
    """ "A retention run started twice at once runs once" (issue 6), with real concurrent
    transactions: the partial unique index decides, whichever thread commits first wins."""

    from inflytt.testing import at_once, skip_without_concurrent_connections

    # The sequential case (test_a_run_started_twice_at_once_runs_once) holds on every database.
    skip_without_concurrent_connections()
    cutoff = retention_cutoff()
    runs = [RetentionRun.objects.create(cutoff=cutoff) for _ in range(2)]

    def confirm(index: int) -> str:
        try:
            services.start_retention(run=runs[index], acting_user=None)
        except services.RetentionAlreadyRunning:
            return "refused"
        except Exception as error:  # noqa: BLE001 - SQLite may report the race as a lock
            return type(error).__name__
        return "started"

    outcomes, errors = at_once(confirm, times=2)
    assert errors == []
    assert outcomes.count("started") == 1, outcomes
    assert RetentionRun.objects.filter(state="running").count() == 1


def test_a_reduced_card_keeps_its_bounce_record_but_not_its_mail_history(parties):
    from inflytt.mailings.models import BouncingAddress, Delivery, Mailing
    from inflytt.privacy.tests.factories import auto_instance

    card = person(at=timezone.now() - timedelta(days=6 * 365), subscribed=True)
    BouncingAddress.objects.create(contact=card, email_normalised=card.email_normalised, code="550")
    Delivery.objects.create(mailing=auto_instance(Mailing), contact=card, state="sent")
    _run()
    assert BouncingAddress.objects.filter(contact=card).exists()
    assert not Delivery.objects.filter(contact=card).exists()
