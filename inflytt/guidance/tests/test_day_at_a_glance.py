"""The day at a glance on a guide's start page (issue 14): queues with counts, what was transferred
to the party, today's follow-ups and those of the next 7 working days.

The 2025 agreement, Bilaga 4 (docs/requirements.md): "Kontakten ska få svar inom 5 arbetsdagar" - the counts show what
is at risk.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from inflytt.contacts import services
from inflytt.contacts.tests.factories import contact
from inflytt.guidance import selectors
from inflytt.guidance.services import assign_contact, transfer_contact
from inflytt.lib.workdays import add_working_days
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)  # a Tuesday


def test_a_contact_transferred_to_the_party_waits_in_its_own_queue_until_a_guide_takes_it(personas):
    guide_are, guide_bracke = personas["guide_are"], personas["guide_bracke"]
    contact(municipalities=("bracke",))  # Bräcke's own, never transferred
    person = contact(municipalities=("are",))
    transfer_contact(
        contact=person, to_party=Party.objects.get(slug="bracke"), note="Jobb i Bräcke", acting_user=guide_are
    )
    assert [row.pk for row in selectors.queue(user=guide_bracke, name="transferred")] == [person.pk]
    assert selectors.queue_counts(user=guide_bracke)["transferred"] == 1
    assert selectors.queue_counts(user=guide_are)["transferred"] == 0

    person.refresh_from_db()
    assign_contact(contact=person, guide=guide_bracke, acting_user=guide_bracke)
    assert selectors.queue_counts(user=guide_bracke)["transferred"] == 0


def test_upcoming_follow_ups_are_those_of_the_next_seven_working_days(personas):
    guide = personas["guide_bracke"]
    person = contact(municipalities=("bracke",))

    def follow_up(on: date):
        return services.add_activity(contact=person, kind="note", body=str(on), follow_up_on=on, acting_user=guide)

    follow_up(TODAY)  # today's: in "to do", not upcoming
    tomorrow = follow_up(TODAY + timedelta(days=1))
    last = follow_up(add_working_days(TODAY, 7))
    follow_up(add_working_days(TODAY, 8))  # beyond the week and a half
    services.add_activity(
        contact=person, kind="note", follow_up_on=TODAY + timedelta(days=2), acting_user=personas["guide_are"]
    )  # someone else's
    assert [row.pk for row in selectors.follow_ups_upcoming(user=guide, today=TODAY)] == [tomorrow.pk, last.pk]


def test_the_start_page_shows_the_counts_and_both_follow_up_lists(client_for, personas, django_assert_max_num_queries):
    guide = personas["guide_bracke"]
    person = contact(first_name="Östen", last_name="Ågren", municipalities=("bracke",))
    today = timezone.localdate()
    services.add_activity(contact=person, kind="note", body="Ring om bostad", follow_up_on=today, acting_user=guide)
    services.add_activity(
        contact=person, kind="note", body="Visning bokad", follow_up_on=add_working_days(today, 2), acting_user=guide
    )
    client = client_for("guide_bracke")
    # The first visit also builds this quarter's figures of the party (reports.selectors.build_report,
    # kept a few minutes); measure a later one.
    client.get("/guidance/")
    # 13: session, user, device, the queue counts, three queue lists, the service level (with a returning
    # person's earlier requests: two), today's and the coming follow-ups.
    with django_assert_max_num_queries(13):
        body = client.get("/guidance/").content.decode()
    assert 'href="/guidance/queue/unanswered/"><strong>1</strong>Inte besvarade' in body
    assert 'href="/guidance/queue/transferred/"><strong>0</strong>Överförda till oss' in body
    assert "Ring om bostad" in body and "Visning bokad" in body
    assert "De kommande 7 arbetsdagarna" in body
