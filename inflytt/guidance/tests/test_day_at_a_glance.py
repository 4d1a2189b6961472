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
from inflytt.guidance.inbound import Parsed
from inflytt.guidance.services import assign_contact, receive_mail, transfer_contact
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
    # 14: session, user, device, the queue counts, three queue lists, the service level (with a returning
    # person's earlier requests: two), today's and the coming follow-ups, the mail on my cards.
    with django_assert_max_num_queries(14):
        body = client.get("/guidance/").content.decode()
    assert 'href="/guidance/queue/unanswered/"><strong>1</strong>Inte besvarade' in body
    assert 'href="/guidance/queue/transferred/"><strong>0</strong>Överförda till oss' in body
    assert "Ring om bostad" in body and "Visning bokad" in body
    assert "De kommande 7 arbetsdagarna" in body


def _received(person, *, subject: str, days_ago: float = 0, key: str = "") -> None:
    """A reply from `person` read from the programme's mailbox (matched by the sender's address)."""
    when = timezone.now() - timedelta(days=days_ago)
    parsed = Parsed(
        key=key or subject, message_id=f"<{key or subject}@mail.example>", sender=person.email, subject=subject,
        text="Hej!", html="", date=when, recipients=["svar@ta-steget.example"], references=[],
    )  # fmt: skip
    receive_mail(parsed=parsed)


def test_the_start_page_lists_mail_that_arrived_on_my_cards_and_not_another_partys(client_for, personas):
    """Rule 3 (Bilaga 4): "All dialog dokumenteras i kontaktkortet" - and the guide sees at a
    glance what came in on the cards they handle."""
    mine = contact(first_name="Östen", last_name="Ågren", email="osten@example.se", municipalities=("bracke",))
    others = contact(first_name="Kalle", last_name="Åresson", email="kalle@example.se", municipalities=("are",))
    assigned = contact(first_name="Lisa", last_name="Lund", email="lisa@example.se", municipalities=("are",))
    assign_contact(
        contact=assigned, guide=personas["guide_bracke"], acting_user=personas["guide_bracke"]
    )  # "assign to me"
    _received(mine, subject="Fråga om förskola")
    _received(others, subject="Åres hemliga fråga")
    _received(assigned, subject="Tack för sist")
    _received(mine, subject="Gammal fråga", days_ago=selectors.RECENT_MAIL_DAYS + 1)

    body = client_for("guide_bracke").get("/guidance/").content.decode()
    section = body[body.index('id="mail-title"') : body.index('id="upcoming-title"')]
    assert "Fråga om förskola" in section and "Tack för sist" in section
    assert f'href="/contacts/{mine.pk}/"' in section and "Östen Ågren" in section
    assert "Åres hemliga fråga" not in body and "Kalle" not in body  # another party's card
    assert "Gammal fråga" not in section  # older than a week

    are = client_for("guide_are").get("/guidance/").content.decode()
    assert "Åres hemliga fråga" in are and "Fråga om förskola" not in are


def test_the_start_page_says_when_no_mail_arrived(client_for, personas):
    body = client_for("guide_are").get("/guidance/").content.decode()
    assert "Ingen post till dina kort de senaste 7 dagarna." in body
