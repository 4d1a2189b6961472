"""The staleness rule of retention is written once (selectors.retention_due, built from
privacy.activity) and the preview and the run both read it: the coordinator confirms exactly
what the run then does.

The 2025 agreement, Bilaga 4, "Registervård" (docs/requirements.md R5): "De kontakter som ej
har någon registrerad aktivitet de senaste 5 åren tas bort från systemet." and "De som
prenumererar på nyhetsbrev får ligga kvar tills de tar bort sig själva."
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inflytt.contacts.models import Activity, Contact
from inflytt.mailings.models import Event, Invitation
from inflytt.privacy import services
from inflytt.privacy.models import NewsletterOnly
from inflytt.privacy.selectors import retention_candidates, retention_due, retention_list, retention_preview
from inflytt.privacy.tests.factories import auto_instance, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(parties):
    """Cards on both sides of the rule, and two that only its related rows keep."""
    long_ago = timezone.now() - timedelta(days=6 * 365)
    cards = {
        "old": person(at=long_ago),
        "old_subscriber": person(at=long_ago, subscribed=True, municipalities=("are",)),
        "fresh": person(),
        "old_with_a_recent_status_change": person(at=long_ago),
        "old_who_answered_an_invitation": person(at=long_ago, municipalities=()),
        "reduced_without_subscription": person(),
    }
    # Activity that leaves the card's own columns old: only the full rule sees it.
    Activity.objects.create(
        contact=cards["old_with_a_recent_status_change"], kind=Activity.Kind.STATUS_CHANGE, occurred_at=timezone.now()
    )
    Invitation.objects.create(
        event=auto_instance(Event),
        contact=cards["old_who_answered_an_invitation"],
        answer="yes",
        answered_at=timezone.now(),
    )
    NewsletterOnly.objects.create(contact=cards["reduced_without_subscription"])
    return {name: card.pk for name, card in cards.items()}


def test_the_preview_lists_exactly_the_cards_the_run_then_acts_on(register):
    proposed = services.propose_retention()
    listed = set(retention_list(cutoff=proposed.cutoff).values_list("pk", flat=True))
    to_reduce = set(retention_due(cutoff=proposed.cutoff).filter(keep_for_newsletter=True).values_list("pk", flat=True))  # type: ignore[misc]  # an annotation the stubs cannot see
    assert listed == {register["old"], register["old_subscriber"], register["reduced_without_subscription"]}
    assert to_reduce == {register["old_subscriber"]}

    before = set(Contact.objects.values_list("pk", flat=True))
    run = services.start_retention(run=proposed, acting_user=None)
    run = services.execute_retention(run_id=run.pk, chunk=1)  # one card per transaction

    deleted = before - set(Contact.objects.values_list("pk", flat=True))
    newly_reduced = set(NewsletterOnly.objects.values_list("contact_id", flat=True)) & to_reduce
    assert deleted == listed - to_reduce
    assert newly_reduced == to_reduce
    preview_counts = {
        slug: {"deleted": counts["delete"], "reduced": counts["reduce"]}
        for slug, counts in proposed.preview.items()
        if counts["delete"] or counts["reduce"]
    }
    assert run.counts == preview_counts


def test_the_run_walks_a_superset_of_the_rule_made_of_its_own_first_conditions(register):
    """The run reads candidates by the card's indexed columns first, then applies the rule per
    chunk: the candidates must hold every card the rule picks, or a run would miss some."""
    cutoff = services.propose_retention().cutoff
    due = set(retention_due(cutoff=cutoff).values_list("pk", flat=True))
    candidates = set(retention_candidates(cutoff=cutoff).values_list("pk", flat=True))
    assert due <= candidates
    # The two kept by related rows only are candidates that the full rule then spares.
    assert candidates - due == {register["old_with_a_recent_status_change"], register["old_who_answered_an_invitation"]}
    assert sum(row.delete + row.reduce for row in retention_preview(cutoff=cutoff)) == len(due)
