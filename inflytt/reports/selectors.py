"""Every figure of the reports, each defined once, for one period and every party at once.

The 2025 agreement, section 5: "Region Jämtland Härjedalen ska kvartalsvis återrapportera uppdraget
till kommunerna. Återrapporteringen ska inkludera en ekonomisk rapport." `build_report` counts each
figure per party in one grouped query; a party's report, the programme's report, the JSON of
`manage.py report` and the API are all views of that one result (`presentation.present`), so they
cannot disagree.

Which party a figure belongs to:
- registrations, first responses, the funnel, not moving and paused, overdue, magazine orders and
  the newsletter: the contact's assigned party (the region's own row holds the undecided, whom
  the region handles: the 2025 agreement, Bilaga 4);
- households and persons moved: the destination municipality (`moved_to`);
- events: the event's municipality (an event of the whole programme counts for the region).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import User
from inflytt.budget.allocation import Allocation
from inflytt.budget.models import BudgetYear
from inflytt.budget.selectors import OutcomeReport, outcome_report
from inflytt.budget.services import allocate_budget
from inflytt.contacts.models import Contact, ContactMunicipality, MagazineOrder, NewsletterSubscription
from inflytt.guidance.selectors import overdue
from inflytt.lib.workdays import working_days_between
from inflytt.mailings.models import Delivery, Event, Invitation, Mailing
from inflytt.parties.models import Party
from inflytt.reports.models import Baseline, Goal, Metric
from inflytt.reports.periods import Period
from inflytt.reports.registry import extra_figures

Label = str | Promise
ByParty = dict[int, int]  # party pk -> count; a party that is absent counts 0


@dataclass
class Breakdown:
    """One figure split another way (by source, campaign, ...), still per party."""

    key: str
    label: Label
    rows: dict[str, ByParty] = field(default_factory=dict)
    row_labels: dict[str, Label] = field(default_factory=dict)
    staff_only: bool = False  # names staff (the guide): never shown to steering

    def add(self, row: str, label: Label, party_id: int, value: int) -> None:
        cells = self.rows.setdefault(row, {})
        cells[party_id] = cells.get(party_id, 0) + value
        self.row_labels.setdefault(row, label)


@dataclass
class Figure:
    key: str
    label: Label
    by_party: ByParty
    counts_people: bool = True
    breakdowns: list[Breakdown] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_party.values())

    def of(self, party: Party | None) -> int:
        return self.total if party is None else self.by_party.get(party.pk, 0)


@dataclass(frozen=True)
class GoalProgress:
    """A year's goal and the count from 1 January to the period's end (None: no figure yet)."""

    goal: Goal
    reached: int | None
    counted_to: date
    suppressed: bool = False  # steering's view of a count of 1 or 2 people (presentation.ReportView.goals)


@dataclass(frozen=True)
class Economy:
    """The economic report, straight from the budget app (never recomputed here)."""

    budget_year: BudgetYear
    outcome: OutcomeReport
    allocation: Allocation | None  # None when the year's budget cannot be allocated yet


@dataclass
class Report:
    period: Period
    parties: list[Party]
    figures: dict[str, Figure]
    # Working days from registration to first response, per party, for the medians.
    response_days: dict[int, list[int]]
    mailings_sent: int
    deliveries: int
    bounced: int
    goals: list[GoalProgress]
    baselines: list[Baseline]
    economy: Economy | None

    def median_days(self, party: Party | None) -> float | None:
        if party is None:
            days = [day for values in self.response_days.values() for day in values]
        else:
            days = self.response_days.get(party.pk, [])
        return statistics.median(days) if days else None

    @property
    def bounce_rate(self) -> float | None:
        return self.bounced / self.deliveries if self.deliveries else None


def _in(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": period.since, f"{name}__lt": period.until})


def _moved_in(period: Period, prefix: str = "") -> Q:
    """Moved in the period: the status and the date the guide recorded (guidance.change_status)."""
    return Q(
        **{
            f"{prefix}status": Contact.Status.MOVED,
            f"{prefix}moved_on__gte": period.start,
            f"{prefix}moved_on__lte": period.end,
        }
    )


def report_parties() -> QuerySet[Party]:
    """The columns: the region (its undecided) first, then the municipalities A-Ö."""
    return Party.objects.filter(is_active=True).order_by("kind", "name")


SOURCE_LABELS = dict(Contact.Source.choices)
NO_CAMPAIGN = _("(no campaign)")


def _registration_figures(period: Period, parties: dict[int, Party]) -> list[Figure]:
    """Registrations in the period, and how far that cohort has come (the funnel)."""
    households = Figure("registrations", _("Registered households"), {})
    persons = Figure("persons_registered", _("Registered persons"), {})
    by_source = Breakdown("source", _("By source"))
    by_campaign = Breakdown("campaign", _("By campaign (utm_campaign)"))
    by_interest = Breakdown("municipality_of_interest", _("By municipality of interest"))
    households.breakdowns = [by_source, by_campaign, by_interest]
    funnel = {
        "funnel_first_response": (_("Of these: given a first response"), Q(first_response_at__isnull=False)),
        "funnel_in_dialogue": (
            _("Of these: in dialogue or further"),
            Q(status__in=(Contact.Status.IN_DIALOGUE, Contact.Status.MOVED)),
        ),
        "funnel_moved": (_("Of these: moved"), Q(status=Contact.Status.MOVED)),
        "not_moving": (_("Of these: not moving"), Q(status=Contact.Status.NOT_MOVING)),
        "paused": (_("Of these: paused"), Q(status=Contact.Status.PAUSED)),
    }
    stages = {key: Figure(key, label, {}) for key, (label, _condition) in funnel.items()}
    rows = (
        Contact.objects.filter(_in(period, "registered_at"))
        .values("assigned_party_id", "source", "utm_campaign")
        .annotate(
            households=Count("pk"),
            persons=Sum(F("adults") + F("children")),
            **{key: Count("pk", filter=condition) for key, (_label, condition) in funnel.items()},
        )
        .order_by()
    )
    for row in rows:
        party_id = row["assigned_party_id"]
        _add(households, party_id, row["households"])
        _add(persons, party_id, row["persons"] or 0)
        for key in funnel:
            _add(stages[key], party_id, row[key])  # type: ignore[literal-required]  # annotated above
        by_source.add(row["source"], SOURCE_LABELS.get(row["source"], row["source"]), party_id, row["households"])
        campaign = row["utm_campaign"]
        by_campaign.add(campaign or "", campaign or NO_CAMPAIGN, party_id, row["households"])
    interest_rows = (
        ContactMunicipality.objects.filter(_in(period, "contact__registered_at"))
        .values("contact__assigned_party_id", "party_id")
        .annotate(households=Count("contact_id"))
        .order_by()
    )
    for interest_row in interest_rows:
        party = parties.get(interest_row["party_id"])
        if party is not None:
            by_interest.add(
                party.slug, party.name, interest_row["contact__assigned_party_id"], interest_row["households"]
            )
    return [households, persons, *stages.values()]


def _add(figure: Figure, party_id: int, value: int) -> None:
    figure.by_party[party_id] = figure.by_party.get(party_id, 0) + value


def _first_responses(period: Period, today: date) -> tuple[list[Figure], dict[int, list[int]]]:
    """The 2025 agreement, Bilaga 4: "Kontakten ska få svar inom 5 arbetsdagar".

    First responses given in the period to contacts who asked for guidance (only they have a due
    date), those given by the due date (the rule of Contact.first_response_in_time), the working
    days from registration to the response (for the median), and the contacts overdue today.
    """
    given = Figure("first_responses", _("First responses given"), {})
    in_time = Figure("first_responses_in_time", _("First responses within 5 working days"), {})
    overdue_now = Figure("overdue_now", _("Unanswered past the due date, today"), {})
    days: dict[int, list[int]] = defaultdict(list)
    rows = (
        Contact.objects.filter(_in(period, "first_response_at"), first_response_due__isnull=False)
        .values_list("assigned_party_id", "registered_at", "first_response_at", "first_response_due")
        .order_by()
    )
    zone = timezone.get_current_timezone()  # once: timezone.localdate looks it up on every call
    for party_id, registered_at, responded_at, due in rows:
        # Both are set: the query takes responses in the period of contacts with a due date.
        responded_on = responded_at.astimezone(zone).date()  # type: ignore[union-attr]
        _add(given, party_id, 1)
        _add(in_time, party_id, int(responded_on <= due))  # type: ignore[operator]
        days[party_id].append(working_days_between(registered_at.astimezone(zone).date(), responded_on))
    for row in Contact.objects.filter(overdue(today)).values("assigned_party_id").annotate(n=Count("pk")).order_by():
        _add(overdue_now, row["assigned_party_id"], row["n"])
    return [given, in_time, overdue_now], dict(days)


def _moved(period: Period, parties: dict[int, Party]) -> list[Figure]:
    """Households that moved in the period (their `moved_on`), by destination municipality."""
    households = Figure("households_moved", _("Households moved"), {})
    persons = Figure("persons_moved", _("Persons moved"), {})
    by_source = Breakdown("source", _("By source"))
    by_campaign = Breakdown("campaign", _("By campaign (utm_campaign)"))
    by_event = Breakdown("event", _("By event attended"))
    by_guide = Breakdown("guide", _("By guide"), staff_only=True)
    households.breakdowns = [by_source, by_campaign, by_event, by_guide]
    rows = (
        Contact.objects.filter(_moved_in(period))
        .values("moved_to_id", "source", "utm_campaign", "assigned_guide_id")
        .annotate(households=Count("pk"), persons=Sum(Coalesce("moved_household_size", 1)))
        .order_by()
    )
    guide_ids = set()
    for row in rows:
        party_id = row["moved_to_id"]
        _add(households, party_id, row["households"])
        _add(persons, party_id, row["persons"] or 0)
        by_source.add(row["source"], SOURCE_LABELS.get(row["source"], row["source"]), party_id, row["households"])
        campaign = row["utm_campaign"]
        by_campaign.add(campaign or "", campaign or NO_CAMPAIGN, party_id, row["households"])
        guide = row["assigned_guide_id"]
        by_guide.add(str(guide or ""), "", party_id, row["households"])
        guide_ids.add(guide)
    guide_ids.discard(None)
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=guide_ids)} if guide_ids else {}
    by_guide.row_labels = {key: names.get(int(key), "") if key else _("(no guide)") for key in by_guide.rows}
    event_rows = (
        Invitation.objects.filter(_moved_in(period, "contact__"), attended=True)
        .values("contact__moved_to_id", "event_id", "event__title")
        .annotate(households=Count("contact_id", distinct=True))
        .order_by()
    )
    for event_row in event_rows:
        by_event.add(
            str(event_row["event_id"]),
            event_row["event__title"],
            event_row["contact__moved_to_id"],
            event_row["households"],
        )
    return [households, persons]


def _magazine_and_newsletter(period: Period) -> list[Figure]:
    orders = Figure("magazine_orders", _("Magazine orders"), {})
    for row in (
        MagazineOrder.objects.filter(_in(period, "ordered_at"))
        .values("contact__assigned_party_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        _add(orders, row["contact__assigned_party_id"], row["n"])
    # Double opt-in: only a confirmed, not unsubscribed row is a subscriber.
    keys = {
        "newsletter_subscribers": (
            _("Newsletter subscribers at the period's end"),
            Q(confirmed_at__lt=period.until) & (Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=period.until)),
        ),
        "newsletter_joined": (_("Newsletter: joined"), _in(period, "confirmed_at")),
        "newsletter_left": (_("Newsletter: left"), _in(period, "unsubscribed_at")),
    }
    figures = {key: Figure(key, label, {}) for key, (label, _condition) in keys.items()}
    for subscription_row in (
        NewsletterSubscription.objects.filter(confirmed_at__lt=period.until)
        .values("contact__assigned_party_id")
        .annotate(**{key: Count("pk", filter=condition) for key, (_label, condition) in keys.items()})
        .order_by()
    ):
        party_id = subscription_row["contact__assigned_party_id"]
        for key in keys:
            _add(figures[key], party_id, subscription_row[key])  # type: ignore[literal-required]  # annotated above
    net = Figure("newsletter_net", _("Newsletter: net change"), {}, counts_people=False)
    for party_id in figures["newsletter_joined"].by_party.keys() | figures["newsletter_left"].by_party.keys():
        joined = figures["newsletter_joined"].by_party.get(party_id, 0)
        net.by_party[party_id] = joined - figures["newsletter_left"].by_party.get(party_id, 0)
    return [orders, *figures.values(), net]


def _events(period: Period, region_id: int | None) -> list[Figure]:
    """Events that started in the period, their invitees and attendees, by the event's municipality."""
    events = Figure("events", _("Events"), {}, counts_people=False)
    invitees = Figure("event_invitees", _("Invited to events"), {})
    attendees = Figure("event_attendees", _("Attended events"), {})
    for row in (
        Event.objects.filter(_in(period, "starts_at"))
        .values("municipality_id")
        .annotate(
            events=Count("pk", distinct=True),
            invitees=Count("invitations"),
            attendees=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .order_by()
    ):
        party_id = row["municipality_id"] or region_id
        if party_id is None:
            continue
        _add(events, party_id, row["events"])
        _add(invitees, party_id, row["invitees"])
        _add(attendees, party_id, row["attendees"])
    return [events, invitees, attendees]


def _mailings(period: Period) -> tuple[int, int, int]:
    """Mailings finished in the period, their deliveries and the bounced among them."""
    mailings = Mailing.objects.filter(_in(period, "finished_at"), status=Mailing.Status.SENT)
    sent = mailings.count()
    counts = Delivery.objects.filter(mailing__in=mailings).aggregate(
        delivered=Count("pk", filter=Q(state__in=(Delivery.State.SENT, Delivery.State.BOUNCED))),
        bounced=Count("pk", filter=Q(state=Delivery.State.BOUNCED)),
    )
    return sent, counts["delivered"], counts["bounced"]


def _extras(period: Period, region_id: int | None) -> list[Figure]:
    """The figures other apps registered (reports.registry); none is made up for a missing app."""
    figures = []
    for extra in extra_figures():
        by_party: ByParty = {}
        for party_id, value in extra.compute(period).items():
            key = party_id if party_id is not None else region_id
            if key is not None:
                by_party[key] = by_party.get(key, 0) + value
        figures.append(Figure(extra.key, extra.label, by_party, counts_people=extra.counts_people))
    return figures


def _goals(period: Period, figures: dict[str, Figure]) -> list[GoalProgress]:
    """The year's goals against the count from 1 January of the period's last year to its end."""
    year = period.end.year
    so_far = Period(date(year, 1, 1), period.end)
    reached: dict[str, int]
    if so_far == period:
        reached = {metric: figures[metric].total for metric in _COUNTED_GOALS}
    else:
        reached = {
            Metric.HOUSEHOLDS_MOVED: Contact.objects.filter(_moved_in(so_far)).count(),
            Metric.REGISTRATIONS: Contact.objects.filter(_in(so_far, "registered_at")).count(),
            Metric.MAGAZINE_ORDERS: MagazineOrder.objects.filter(_in(so_far, "ordered_at")).count(),
        }
    for extra in extra_figures():
        if extra.key in Metric.values:
            reached[extra.key] = sum(extra.compute(so_far).values())
    return [
        GoalProgress(goal=goal, reached=reached.get(goal.metric), counted_to=period.end)
        for goal in Goal.objects.filter(year=year).order_by("metric")
    ]


_COUNTED_GOALS = (Metric.HOUSEHOLDS_MOVED, Metric.REGISTRATIONS, Metric.MAGAZINE_ORDERS)


def _economy(period: Period) -> Economy | None:
    budget_year = BudgetYear.objects.filter(year=period.end.year).first()
    if budget_year is None:
        return None
    try:
        allocation = allocate_budget(year=budget_year)
    except ValidationError:
        allocation = None
    return Economy(budget_year=budget_year, outcome=outcome_report(budget_year=budget_year), allocation=allocation)


def party_payment(economy: Economy | None, party: Party) -> Decimal | int | None:
    if economy is None or economy.allocation is None:
        return None
    row = next((row for row in economy.allocation.rows if row.party.pk == party.pk), None)
    return None if row is None else row.total


def build_report(*, period: Period, today: date | None = None) -> Report:
    """Every figure of `period` for every party (see the module docstring for the party of each)."""
    today = today or timezone.localdate()
    parties = list(report_parties())
    by_pk = {party.pk: party for party in parties}
    region_id = next((party.pk for party in parties if party.is_region), None)
    response_figures, response_days = _first_responses(period, today)
    figures = {
        figure.key: figure
        for figure in (
            *_registration_figures(period, by_pk),
            *response_figures,
            *_moved(period, by_pk),
            *_magazine_and_newsletter(period),
            *_events(period, region_id),
            *_extras(period, region_id),
        )
    }
    sent, deliveries, bounced = _mailings(period)
    return Report(
        period=period,
        parties=parties,
        figures=figures,
        response_days=response_days,
        mailings_sent=sent,
        deliveries=deliveries,
        bounced=bounced,
        goals=_goals(period, figures),
        baselines=list(Baseline.objects.filter(start__gte=period.start, end__lte=period.end)),
        economy=_economy(period),
    )
