"""The guides' queues and the service-level figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from inflytt.accounts.models import User
from inflytt.contacts.models import Activity, Contact, ContactMunicipality
from inflytt.guidance.workdays import add_working_days, working_days_between
from inflytt.lib.dates import day_start
from inflytt.parties.models import Party

OPEN_STATUSES = (Contact.Status.NEW, Contact.Status.CONTACTED, Contact.Status.IN_DIALOGUE)
QUEUES = ("unanswered", "due_soon", "overdue", "transferred", "undecided", "mine")
# Follow-ups shown ahead on the start page and the upcoming view, in working days.
UPCOMING_WORKING_DAYS = 7


def _unanswered() -> Q:
    return Q(first_response_at__isnull=True, first_response_due__isnull=False) & ~Q(
        status__in=(Contact.Status.NOT_MOVING, Contact.Status.MOVED)
    )


def _undecided() -> Q:
    return Q(assigned_party__kind=Party.Kind.REGION) & ~Q(
        Exists(ContactMunicipality.objects.filter(contact=OuterRef("pk")))
    )


def queue_conditions(user: User, today: date) -> dict[str, Q]:
    """Each queue as one condition, so the rows and the counts come from the same definition."""
    mine = Q(assigned_party_id=user.party_id) & _unanswered()
    tomorrow = add_working_days(today, 1)
    return {
        "unanswered": mine,
        "due_soon": mine & Q(first_response_due__gte=today, first_response_due__lte=tomorrow),
        "overdue": mine & Q(first_response_due__lt=today),
        # Sent over from another party and not yet taken by a guide here (a transfer clears the guide).
        "transferred": Q(assigned_party_id=user.party_id, assigned_guide__isnull=True, status__in=OPEN_STATUSES)
        & Exists(Activity.objects.filter(contact=OuterRef("pk"), kind=Activity.Kind.TRANSFER)),
        "undecided": _undecided() & _unanswered(),
        "mine": Q(assigned_guide=user, status__in=OPEN_STATUSES),
    }


def visible_queues(user: User) -> tuple[str, ...]:
    # The region handles the undecided (rule 4); municipal guides see that queue only if asked.
    if user.party.is_region:
        return QUEUES
    return tuple(name for name in QUEUES if name != "undecided")


def queue(*, user: User, name: str, today: date | None = None) -> QuerySet[Contact]:
    condition = queue_conditions(user, today or timezone.localdate())[name]
    order = ("first_response_due", "registered_at", "id") if name != "mine" else ("-last_activity_at", "id")
    return Contact.objects.filter(condition).select_related("assigned_party", "assigned_guide").order_by(*order)


def queue_counts(*, user: User, today: date | None = None) -> dict[str, int]:
    """All queue counts in one query (they are shown in the navigation on every page)."""
    conditions = queue_conditions(user, today or timezone.localdate())
    names = visible_queues(user)
    # Only rows some queue can count: the unanswered (indexed, partial) and the user's own.
    candidates = Contact.objects.filter(
        Q(first_response_at__isnull=True, first_response_due__isnull=False)
        | Q(assigned_guide=user, status__in=OPEN_STATUSES)
        | Q(assigned_party_id=user.party_id, assigned_guide__isnull=True, status__in=OPEN_STATUSES)
    )
    return candidates.aggregate(**{name: Count("pk", filter=conditions[name]) for name in names})


def follow_ups_due(*, user: User, today: date | None = None) -> QuerySet[Activity]:
    """The guide's "att göra": follow-ups due today or earlier and not yet done."""
    return (
        Activity.objects.filter(
            author=user, follow_up_on__lte=today or timezone.localdate(), follow_up_done_at__isnull=True
        )
        .select_related("contact")
        .order_by("follow_up_on", "id")
    )


def follow_ups_upcoming(*, user: User, today: date | None = None) -> QuerySet[Activity]:
    """The guide's follow-ups after today, through the next UPCOMING_WORKING_DAYS working days."""
    today = today or timezone.localdate()
    return (
        Activity.objects.filter(
            author=user,
            follow_up_on__gt=today,
            follow_up_on__lte=add_working_days(today, UPCOMING_WORKING_DAYS),
            follow_up_done_at__isnull=True,
        )
        .select_related("contact")
        .order_by("follow_up_on", "id")
    )


@dataclass(frozen=True)
class ServiceLevel:
    registered: int
    answered: int
    in_time: int
    median_working_days: float | None
    open_overdue: int

    @property
    def share_in_time(self) -> float | None:
        return None if not self.answered else self.in_time / self.answered


def service_level(*, party: Party | None, start: date, end: date, today: date | None = None) -> ServiceLevel:
    """Seeds/000 Bilaga 4: the share of first responses within 5 working days, the median
    working days to the first response, and the open overdue contacts, per party and period
    (registrations from `start` to `end`, both included)."""
    today = today or timezone.localdate()
    contacts = Contact.objects.filter(
        registered_at__gte=day_start(start),
        registered_at__lt=day_start(end + timedelta(days=1)),
        first_response_due__isnull=False,
    )
    if party is not None:
        contacts = contacts.filter(assigned_party=party)
    totals = contacts.aggregate(
        registered=Count("pk"), open_overdue=Count("pk", filter=_unanswered() & Q(first_response_due__lt=today))
    )
    answered = list(
        contacts.filter(first_response_at__isnull=False).values_list(
            "registered_at", "first_response_at", "first_response_due"
        )
    )
    in_time = sum(timezone.localdate(responded) <= due for _registered, responded, due in answered)
    days = [
        working_days_between(timezone.localdate(registered), timezone.localdate(responded))
        for registered, responded, _due in answered
    ]
    return ServiceLevel(
        registered=totals["registered"],
        answered=len(answered),
        in_time=in_time,
        median_working_days=statistics.median(days) if days else None,
        open_overdue=totals["open_overdue"],
    )


def calendar_feed_owner(secret: str) -> User | None:
    """The active user whose calendar feed has this secret, or None."""
    from inflytt.guidance.models import CalendarFeed
    from inflytt.guidance.services import calendar_digest

    feed = (
        CalendarFeed.objects.filter(digest=calendar_digest(secret), user__is_active=True).select_related("user").first()
    )
    return feed.user if feed else None


def calendar_feed_of(user: User):
    from inflytt.guidance.models import CalendarFeed

    return CalendarFeed.objects.filter(user=user).first()
