"""Each figure of the reports, built through the real services and counted by hand.

Period 2026Q1 (2026-01-01..2026-03-31, Europe/Stockholm, both ends included).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.services import add_activity
from inflytt.contacts.tests.factories import contact
from inflytt.guidance.services import change_status
from inflytt.intake.services import confirm_newsletter, register_contact
from inflytt.mailings.models import Delivery, Event, Invitation, Mailing
from inflytt.mailings.services import mark_attendance, unsubscribe
from inflytt.reports.periods import parse_period, quarter_of
from inflytt.reports.presentation import STAFF, STEERING, present
from inflytt.reports.registry import ExtraFigure, extra_figures, register, unregister
from inflytt.reports.selectors import build_report

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")
Q1 = parse_period("2026Q1")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)  # type: ignore[arg-type, misc]


def set_status(card: Contact, status: str, user, **moved) -> None:
    card.refresh_from_db()
    change_status(contact=card, status=status, version=card.version, acting_user=user, **moved)


@pytest.fixture
def q1(parties, personas):
    guide = personas["guide_bracke"]
    # Unrelated rows first, so contact ids differ from party and user ids.
    for _ in range(3):
        contact(registered_at=at(2024, 5, 1, 12))
    cards = {
        # 23:30 on 31 March belongs to Q1.
        "a": contact(
            municipalities=("bracke",),
            registered_at=at(2026, 3, 31, 23, 30),
            adults=2,
            children=1,
            utm_campaign="vinter",
        ),
        # The undecided: the region's.
        "b": contact(registered_at=at(2026, 2, 9, 9), source=Contact.Source.PARTY_SITE),
        "c": contact(municipalities=("are",), registered_at=at(2026, 4, 1, 0, 0)),  # Q2
        "d": contact(municipalities=("bracke",), registered_at=at(2025, 12, 31, 23, 59)),  # 2025
        "e": contact(municipalities=("bracke",), registered_at=at(2026, 2, 2, 10)),
        "f": contact(municipalities=("bracke",), registered_at=at(2025, 6, 1, 10), utm_campaign="vinter"),
        "g": contact(municipalities=("are",), registered_at=at(2025, 6, 2, 10)),
    }
    # E answered the next working day (in time); B after nine working days (late).
    add_activity(contact=cards["e"], kind=Activity.Kind.CALL, occurred_at=at(2026, 2, 3, 11), acting_user=guide)
    add_activity(contact=cards["b"], kind=Activity.Kind.EMAIL_OUT, occurred_at=at(2026, 2, 20, 16), acting_user=guide)
    set_status(cards["e"], Contact.Status.IN_DIALOGUE, guide)
    set_status(cards["a"], Contact.Status.PAUSED, guide)
    are = parties["are"]
    moved = Contact.Status.MOVED
    set_status(cards["f"], moved, guide, moved_on=date(2026, 3, 31), moved_to=are, moved_household_size=3)
    set_status(cards["g"], moved, guide, moved_on=date(2026, 4, 1), moved_to=are, moved_household_size=2)
    return cards


def test_registrations_households_and_persons(q1):
    report = build_report(period=Q1)
    # A (Bräcke, 2+1 persons), B (the region's undecided), E (Bräcke): not C (Q2) nor D (2025).
    figure = report.figures["registrations"]
    assert figure.total == 3
    assert present(report, audience=STAFF).as_json()["registrations"]["by_party"]["bracke"] == 2
    assert present(report, audience=STAFF).as_json()["registrations"]["by_party"]["region"] == 1
    assert report.figures["persons_registered"].total == 3 + 1 + 1


def test_registrations_by_source_campaign_and_municipality_of_interest(q1):
    data = present(build_report(period=Q1), audience=STAFF).as_json()["registrations"]["breakdowns"]
    assert data["source"] == {"portal": 2, "party_site": 1}
    assert data["campaign"] == {"vinter": 1, "": 2}
    assert data["municipality_of_interest"] == {"bracke": 2}


def test_first_responses_in_time_and_median(q1):
    """The 2025 agreement, Bilaga 4: "Kontakten ska få svar inom 5 arbetsdagar"."""
    view = present(build_report(period=Q1), audience=STAFF)
    data = view.as_json()
    assert data["first_responses"]["total"] == 2
    assert data["first_responses_in_time"] == {"total": 1, "by_party": {**_zeros(view), "bracke": 1}}
    # E: 2 Feb -> 3 Feb is 1 working day; B: 9 Feb -> 20 Feb is 9. The median of 1 and 9 is 5.
    assert data["first_response_median_working_days"] == 5
    assert data["first_responses_share_in_time"] == 0.5


def test_overdue_now_counts_unanswered_open_contacts_past_due(q1):
    data = present(build_report(period=Q1, today=date(2026, 11, 27)), audience=STAFF).as_json()
    # A (paused, still unanswered) and D in Bräcke, C in Åre, and the three from 2024 (the region's).
    # Moved F and G are no longer waiting for an answer; B and E were answered.
    assert data["overdue_now"]["by_party"]["bracke"] == 2
    assert data["overdue_now"]["by_party"]["are"] == 1
    assert data["overdue_now"]["by_party"]["region"] == 3


def test_households_and_persons_moved_by_destination(q1):
    data = present(build_report(period=Q1), audience=STAFF).as_json()
    # F moved to Åre on 31 March (3 persons); G on 1 April is Q2.
    assert data["households_moved"]["total"] == 1
    assert data["households_moved"]["by_party"]["are"] == 1
    assert data["persons_moved"]["total"] == 3
    assert data["households_moved"]["breakdowns"]["campaign"] == {"vinter": 1}
    assert data["households_moved"]["breakdowns"]["source"] == {"portal": 1}
    assert list(data["households_moved"]["breakdowns"]["guide"].values()) == [1]


def test_funnel_not_moving_and_paused_follow_the_quarter_s_registrations(q1):
    data = present(build_report(period=Q1), audience=STAFF).as_json()
    assert data["registrations"]["total"] == 3
    assert data["funnel_first_response"]["total"] == 2  # B and E
    assert data["funnel_in_dialogue"]["total"] == 1  # E
    assert data["funnel_moved"]["total"] == 0
    assert data["paused"]["total"] == 1  # A
    assert data["not_moving"]["total"] == 0


def test_goal_counts_the_year_so_far(q1):
    report = build_report(period=parse_period("2026Q2"))
    goals = {progress.goal.metric: progress for progress in report.goals}
    # The agreement's 400 households; F (March) and G (April) moved in 2026 up to 30 June.
    assert goals["households_moved"].goal.target == 400
    assert goals["households_moved"].reached == 2
    # The networks app counts companies; nobody recorded a hire, so none found staff yet.
    assert goals["companies_found_staff"].goal.target == 200
    assert goals["companies_found_staff"].reached == 0


def test_magazine_orders_and_newsletter(parties):
    base = {
        "first_name": "Östen",
        "last_name": "Ågren",
        "preferred_channel": "email",
        "municipalities": [parties["bracke"]],
        "wants_guidance": False,
        "postal_address": {"street": "Storgatan 1", "postal_code": "672 00", "city": "Bräcke", "country": "SE"},
    }
    subscriptions = []
    for number in range(3):
        registration = register_contact(
            data={**base, "email": f"o{number}@example.se", "wants_magazine": number < 2, "wants_newsletter": True},  # type: ignore[typeddict-item]
            source=Contact.Source.PORTAL,
            form_label="test",
        )
        subscriptions.append(registration.contact.newsletter)
    for subscription in subscriptions:
        confirm_newsletter(subscription=subscription)
    unsubscribe(subscription=subscriptions[0])
    data = present(build_report(period=quarter_of(timezone.localdate())), audience=STAFF).as_json()
    assert data["magazine_orders"]["by_party"]["bracke"] == 2
    assert data["newsletter_joined"]["total"] == 3
    assert data["newsletter_left"]["total"] == 1
    assert data["newsletter_net"]["total"] == 2
    assert data["newsletter_subscribers"]["total"] == 2


def test_steering_gets_small_cells_suppressed_in_json_and_staff_the_exact_counts(q1):
    report = build_report(period=Q1)
    steering = present(report, audience=STEERING).as_json()
    # Bräcke 2 and the region 1: both small; the total 3 stays true.
    assert steering["registrations"]["total"] == 3
    assert steering["registrations"]["by_party"]["bracke"] is None
    assert steering["registrations"]["by_party"]["region"] is None
    assert "guide" not in steering["households_moved"].get("breakdowns", {})
    staff = present(report, audience=STAFF).as_json()
    assert staff["registrations"]["by_party"]["bracke"] == 2


def test_a_party_s_report_uses_the_programme_s_cell(q1):
    report = build_report(period=Q1)
    bracke = next(party for party in report.parties if party.slug == "bracke")
    view = present(report, audience=STAFF, party=bracke).as_json()
    assert view["registrations"] == {
        "total": 2,
        "by_party": {"bracke": 2},
        "breakdowns": {
            "source": {"portal": 2},
            "campaign": {"vinter": 1, "": 1},
            "municipality_of_interest": {"bracke": 2},
        },
    }
    assert present(report, audience=STEERING, party=bracke).as_json()["registrations"]["total"] is None


def _zeros(view):
    return {party.slug: 0 for party in view.report.parties}


def test_events_invitees_attendees_and_moved_by_event_attended(q1, parties, personas):
    # Events and invitations are made as the mailing tests make them (an invitation mailing would
    # add them); attendance through the real service.
    event = Event.objects.create(
        title="Inflyttarträff i Åre",
        starts_at=at(2026, 3, 14, 13),
        place="Åre",
        municipality=parties["are"],
        capacity=40,
    )
    Event.objects.create(title="Sommarträff", starts_at=at(2026, 6, 14, 13), place="Åre", capacity=40)  # Q2
    guests = [q1["f"], q1["a"], q1["b"], q1["e"]]
    invitations = [
        Invitation.objects.create(event=event, contact=guest, answer=Invitation.Answer.YES) for guest in guests
    ]
    mark_attendance(event=event, attended_ids={i.pk for i in invitations[:3]}, acting_user=personas["coordinator"])
    data = present(build_report(period=Q1), audience=STAFF).as_json()
    assert data["events"] == {"total": 1, "by_party": {**_zeros_for(parties), "are": 1}}
    assert data["event_invitees"]["total"] == 4
    assert data["event_attendees"]["total"] == 3
    # F moved to Åre in Q1 and attended the event.
    assert data["households_moved"]["breakdowns"]["event"] == {str(event.pk): 1}


def test_mailings_sent_and_bounce_rate(q1, personas):
    mailing = Mailing.objects.create(
        name="Mars",
        purpose=Mailing.Purpose.NEWSLETTER,
        status=Mailing.Status.SENT,
        finished_at=at(2026, 3, 2, 9),
        created_by=personas["coordinator"],
    )
    Mailing.objects.create(
        name="April",
        purpose=Mailing.Purpose.NEWSLETTER,
        status=Mailing.Status.SENT,
        finished_at=at(2026, 4, 1, 0),
        created_by=personas["coordinator"],
    )
    states = [Delivery.State.SENT] * 3 + [Delivery.State.BOUNCED, Delivery.State.SKIPPED]
    for card, state in zip(q1.values(), states, strict=False):
        Delivery.objects.create(mailing=mailing, contact=card, state=state)
    data = present(build_report(period=Q1), audience=STAFF).as_json()
    # Skipped mails were never sent: 1 bounced of 4 delivered.
    assert data["mailings"] == {"sent": 1, "deliveries": 4, "bounced": 1, "bounce_rate": 0.25}


def test_a_figure_another_app_registers_is_shown_and_counts_for_its_goal(q1, parties):
    bracke = parties["bracke"]

    def companies(period):
        return {bracke.pk: 4} if period.start.year == 2026 else {}

    installed = {figure.key: figure for figure in extra_figures()}["companies_found_staff"]  # the networks app's
    unregister("companies_found_staff")
    assert "companies_found_staff" not in present(build_report(period=Q1), audience=STAFF).as_json()
    register(ExtraFigure(key="companies_found_staff", label="Företag som hittat arbetskraft", compute=companies))
    try:
        report = build_report(period=Q1)
        data = present(report, audience=STEERING).as_json()
        assert data["companies_found_staff"] == {"total": 4, "by_party": {**_zeros_for(parties), "bracke": 4}}
        goals = {progress.goal.metric: progress.reached for progress in report.goals}
        assert goals["companies_found_staff"] == 4
    finally:
        register(installed)


def _zeros_for(parties):
    return {slug: 0 for slug in parties}


@pytest.mark.parametrize(
    ("period", "inside", "outside"),
    [
        # Summer time starts at 02:00 on 29 March 2026: the day has 23 hours.
        ("2026-03-29..2026-03-29", [at(2026, 3, 29, 0, 30), at(2026, 3, 29, 23, 30)], [at(2026, 3, 30, 0, 10)]),
        # It ends at 03:00 on 25 October 2026: the day has 25 hours.
        ("2026-10-25..2026-10-25", [at(2026, 10, 25, 0, 5), at(2026, 10, 25, 23, 55)], [at(2026, 10, 24, 23, 55)]),
        # Year edge.
        ("2026", [at(2026, 1, 1, 0, 0), at(2026, 12, 31, 23, 59)], [at(2025, 12, 31, 23, 59), at(2027, 1, 1, 0, 0)]),
    ],
)
def test_registrations_on_dst_days_and_year_edges_count_by_local_date(parties, period, inside, outside):
    for moment in inside + outside:
        contact(municipalities=("krokom",), registered_at=moment)
    assert build_report(period=parse_period(period)).figures["registrations"].total == len(inside)


def test_history_from_before_inflytt_is_shown_for_a_period_that_holds_it(parties):
    """The 2023 case description: "I september 2023 finns 1103 hushåll som registrerat sig ... 265 hushåll
    av dessa har tagit steget och flyttat hit. 819 personer har beställt magasinet"."""
    history = build_report(period=parse_period("2020-01-01..2024-12-31")).baselines
    assert {(row.metric, row.end.isoformat(), row.value) for row in history} == {
        ("registrations", "2023-09-30", 1103),
        ("households_moved", "2023-09-30", 265),
        ("magazine_orders", "2023-09-30", 819),
        ("households_moved", "2024-12-31", 444),
    }
    assert build_report(period=parse_period("2026Q1")).baselines == []


def test_a_goal_reached_by_one_or_two_households_is_suppressed_for_steering(q1):
    # F moved on 31 March: 1 household so far in 2026 at the end of Q1.
    report = build_report(period=Q1)
    staff = {goal["metric"]: goal["reached"] for goal in present(report, audience=STAFF).as_json()["goals"]}
    steering = {goal["metric"]: goal["reached"] for goal in present(report, audience=STEERING).as_json()["goals"]}
    assert staff["households_moved"] == 1
    assert steering["households_moved"] is None
