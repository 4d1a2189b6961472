"""The guides' queues and the service-level figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from inflytt.accounts.models import User
from inflytt.contacts.models import Activity, Contact, ContactMunicipality, EarlierRequest
from inflytt.guidance.calendar import calendar_digest
from inflytt.guidance.models import CalendarFeed, InboundAttachment, InboundMail, MessageTemplate
from inflytt.lib.dates import day_start
from inflytt.lib.workdays import add_working_days, working_days_between
from inflytt.parties.models import Party

OPEN_STATUSES = (Contact.Status.NEW, Contact.Status.CONTACTED, Contact.Status.IN_DIALOGUE)
QUEUES = ("unanswered", "due_soon", "overdue", "transferred", "undecided", "mine")
# Follow-ups shown ahead on the start page and the upcoming view, in working days.
UPCOMING_WORKING_DAYS = 7
# "Mail that arrived on my cards" on the start page: this many, from this many days back.
RECENT_MAIL_ROWS = 10
RECENT_MAIL_DAYS = 7


def _unanswered() -> Q:
    """Waiting for a first response. A card marked moved / not moving waits only when the person
    asked for guidance again afterwards (intake keeps the status: a form post never changes it)."""
    return Q(first_response_at__isnull=True, first_response_due__isnull=False) & (
        ~Q(status__in=(Contact.Status.NOT_MOVING, Contact.Status.MOVED)) | Q(requested_again_at__isnull=False)
    )


def overdue(today: date) -> Q:
    """Unanswered and past the due date (the "overdue" queue and the reports' "overdue now")."""
    return _unanswered() & Q(first_response_due__lt=today)


def _undecided() -> Q:
    return Q(assigned_party__kind=Party.Kind.REGION) & ~Q(
        Exists(ContactMunicipality.objects.filter(contact=OuterRef("pk")))
    )


def queue_conditions(user: User, today: date) -> dict[str, Q]:
    """Each queue as one condition, so the rows and the counts come from the same definition."""
    mine = Q(assigned_party_id=user.party_id) & _unanswered()
    tomorrow = add_working_days(today, 1)
    # `Q & Exists` is a Q at run time (Q._combine); the stubs type it Combinable.
    return {
        "unanswered": mine,
        "due_soon": mine & Q(first_response_due__gte=today, first_response_due__lte=tomorrow),
        "overdue": Q(assigned_party_id=user.party_id) & overdue(today),
        # Sent over from another party and not yet taken by a guide here (a transfer clears the guide).
        "transferred": Q(assigned_party_id=user.party_id, assigned_guide__isnull=True, status__in=OPEN_STATUSES)  # type: ignore[dict-item]
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
    """All queue counts in one query (the queues page, the digest; the navigation has its own)."""
    conditions = queue_conditions(user, today or timezone.localdate())
    names = visible_queues(user)
    # Only rows some queue can count: the unanswered of the user's party (and of the region, for
    # the undecided queue), through the partial index of the unanswered, and the user's own.
    parties = Q(assigned_party_id=user.party_id)
    if "undecided" in names:
        parties |= Q(assigned_party_id__in=Party.objects.filter(kind=Party.Kind.REGION).values("pk"))
    candidates = Contact.objects.filter(
        (parties & Q(first_response_at__isnull=True, first_response_due__isnull=False))
        | Q(assigned_guide=user, status__in=OPEN_STATUSES)
        | Q(assigned_party_id=user.party_id, assigned_guide__isnull=True, status__in=OPEN_STATUSES)
    )
    return candidates.aggregate(**{name: Count("pk", filter=conditions[name]) for name in names})


# The navigation's badges show "99+" beyond this many: each count reads at most one more index entry.
BADGE_LIMIT = 99


def navigation_counts(*, user: User, today: date | None = None) -> dict[str, int]:
    """The two counts the navigation shows on every page: the user's party's unanswered and overdue
    contacts (the queues of the same names), each up to BADGE_LIMIT + 1 (more means "99+"). They
    read only the party's entries of the partial index contact_unanswered_status, never the table,
    and at most BADGE_LIMIT + 1 of them (issue 16: "Counts never scan more than they show". A cache
    miss cost ~50 ms when it counted every party's unanswered contacts, and still 35 ms on the
    benchmark's 3 600 unanswered of one party)."""
    conditions = queue_conditions(user, today or timezone.localdate())
    party_unanswered = Contact.objects.filter(assigned_party_id=user.party_id, first_response_at__isnull=True)
    names = ("unanswered", "overdue")
    # Both limited counts in one statement: the ORM counts a sliced queryset in a query of its own.
    # .order_by(): the model's ordering would make each subquery sort the party's rows first.
    counted = [
        party_unanswered.filter(conditions[name]).order_by().values("pk")[: BADGE_LIMIT + 1].query.sql_with_params()
        for name in names
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            # The ORM's own SQL, with its parameters passed separately.
            "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM ({sql}) AS upto)" for sql, _ in counted),  # noqa: S608
            [param for _, params in counted for param in params],
        )
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True))


def follow_ups_due(*, user: User, today: date | None = None) -> QuerySet[Activity]:
    """The guide's "att göra": follow-ups due today or earlier and not yet done."""
    return (
        Activity.objects.filter(
            author=user, follow_up_on__lte=today or timezone.localdate(), follow_up_done_at__isnull=True
        )
        .select_related("contact")
        .order_by("follow_up_on", "id")
    )


def mail_on_my_cards(*, user: User, now: datetime | None = None) -> QuerySet[InboundMail]:
    """The latest mail people sent that landed on the cards the user handles (their party's
    cards, and cards assigned to them), from the last RECENT_MAIL_DAYS days: the start page's
    "mail that arrived on my cards". Replies only: an automatic reply, a bounce or a guide's
    own copy is no news. Another party's mail is not listed (it is on their start page)."""
    since = (now or timezone.now()) - timedelta(days=RECENT_MAIL_DAYS)
    return (
        InboundMail.objects.filter(state=InboundMail.State.ON_CARD, kind=InboundMail.Kind.REPLY, received_at__gte=since)
        .filter(Q(contact__assigned_party_id=user.party_id) | Q(contact__assigned_guide=user))
        .select_related("contact")
        .only("pk", "subject", "received_at", "activity_id", "contact__id", "contact__first_name", "contact__last_name")
        .order_by("-received_at", "-id")
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
    """The 2025 agreement, Bilaga 4 (docs/requirements.md): the share of first responses within 5 working days, the
    median working days to the first response, and the open overdue contacts, per party and period
    (requests from `start` to `end`, both included).

    Each request for guidance counts once with its own clock: the open one on the card (from the
    registration, or from the day a known person asked again) and the earlier ones a return
    closed (EarlierRequest), so a returning person's new clock keeps the first answer in the figures."""
    today = today or timezone.localdate()
    since, until = day_start(start), day_start(end + timedelta(days=1))
    # Written as an OR of two indexed ranges, not a filter on the Coalesce, so each can use its index.
    in_period = Q(requested_again_at__isnull=True, registered_at__gte=since, registered_at__lt=until) | Q(
        requested_again_at__gte=since, requested_again_at__lt=until
    )
    contacts = Contact.objects.filter(in_period, first_response_due__isnull=False).annotate(
        requested_at=Coalesce("requested_again_at", "registered_at")
    )
    earlier = EarlierRequest.objects.filter(requested_at__gte=since, requested_at__lt=until)
    if party is not None:
        contacts = contacts.filter(assigned_party=party)
        earlier = earlier.filter(contact__assigned_party=party)
    totals = contacts.aggregate(registered=Count("pk"), open_overdue=Count("pk", filter=overdue(today)))
    columns = ("requested_at", "first_response_at", "first_response_due")
    answered = [
        *contacts.filter(first_response_at__isnull=False).values_list(*columns),
        *earlier.filter(first_response_at__isnull=False).values_list(*columns),
    ]
    in_time = sum(timezone.localdate(responded) <= due for _requested, responded, due in answered)
    days = [
        working_days_between(timezone.localdate(requested), timezone.localdate(responded))
        for requested, responded, _due in answered
    ]
    return ServiceLevel(
        registered=totals["registered"] + earlier.count(),
        answered=len(answered),
        in_time=in_time,
        median_working_days=statistics.median(days) if days else None,
        open_overdue=totals["open_overdue"],
    )


def inbound_to_review() -> QuerySet[InboundMail]:
    """Mail of no card, newest first, with its attachments' names (not their data)."""
    return (
        InboundMail.objects.filter(state=InboundMail.State.REVIEW)
        .prefetch_related(Prefetch("attachments", queryset=InboundAttachment.objects.defer("data")))
        .order_by("-received_at", "-id")
    )


def received_mail(*, activity_id: int) -> InboundMail:
    """The mail behind an "email received" activity, with its attachments' names (not their data);
    raises InboundMail.DoesNotExist (a received mail logged by hand has none)."""
    return (
        InboundMail.objects.select_related("contact")
        .prefetch_related(Prefetch("attachments", queryset=InboundAttachment.objects.defer("data")))
        .get(activity_id=activity_id, state=InboundMail.State.ON_CARD)
    )


def calendar_feed_owner(secret: str) -> User | None:
    """The active user whose calendar feed has this secret, or None."""
    feed = (
        CalendarFeed.objects.filter(digest=calendar_digest(secret), user__is_active=True).select_related("user").first()
    )
    return feed.user if feed else None


def calendar_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def open_follow_ups_of(user: User) -> QuerySet[Activity]:
    """A follow-up is its author's to-do: nobody else finds it (the same 404 as a missing one)."""
    return Activity.objects.filter(author=user, follow_up_done_at__isnull=True)


def default_template(language: str) -> MessageTemplate | None:
    """The template the mail form starts from for a contact writing in `language`."""
    return MessageTemplate.objects.filter(is_active=True, language=language).first()


def readable_attachments() -> QuerySet[InboundAttachment]:
    """Attachments of mail on a card or in the review list; a discarded mail's are gone for staff."""
    return InboundAttachment.objects.select_related("mail").exclude(mail__state=InboundMail.State.DISCARDED)
