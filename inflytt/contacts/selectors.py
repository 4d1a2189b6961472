"""Reads on the contact register. Querysets come with their joins applied, so no caller can
cause one query per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import CharField, DateTimeField, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from inflytt.accounts.models import Role, User
from inflytt.contacts import events
from inflytt.contacts.models import (
    Activity,
    Channel,
    Consent,
    Contact,
    ContactInterest,
    ContactMunicipality,
    DuplicateCandidate,
    Interest,
    MagazineOrder,
    SavedView,
    full_name,
)
from inflytt.lib.choices import choice_label
from inflytt.lib.dates import day_start
from inflytt.lib.text import search_terms

# SQLite's FTS5 trigram index answers substrings of three characters or more.
TRIGRAM = 3

SORTS = {
    "registered": ("registered_at", "id"),
    "-registered": ("-registered_at", "-id"),
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "due": ("first_response_due", "id"),
    "status": ("status", "-registered_at", "-id"),
}
DEFAULT_SORT = "-registered"


@dataclass(frozen=True)
class ContactFilters:
    query: str = ""
    municipalities: tuple[int, ...] = ()
    assigned_parties: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    registered_from: date | None = None
    registered_to: date | None = None
    sort: str = DEFAULT_SORT
    used: tuple[str, ...] = field(default=())


def _substring_match(query: str) -> Q:
    """Rows whose search text contains `query` (already case-folded), through an index."""
    if connection.vendor == "sqlite" and len(query) >= TRIGRAM:
        phrase = '"' + query.replace('"', '""') + '"'
        return Q(id__in=RawSQL("SELECT rowid FROM contacts_contact_fts WHERE search_text MATCH %s", [phrase]))
    # PostgreSQL: LIKE '%q%' on the pg_trgm GIN index; short SQLite queries scan (rare, tiny).
    return Q(search_text__contains=query)


def search_condition(query: str) -> Q:
    folded, digits = search_terms(query)
    condition = _substring_match(folded)
    if digits and digits != folded:
        condition |= _substring_match(digits)
    return condition


def contact_matches(*, filters: ContactFilters) -> QuerySet[Contact]:
    """The cards the filters match, unordered and without joins (what the list counts): the one
    definition of what the list's filters mean."""
    # A card the retention run reduced to the newsletter holds no one to guide (privacy.NewsletterOnly).
    contacts = Contact.objects.filter(newsletter_only__isnull=True)
    if filters.query:
        contacts = contacts.filter(search_condition(filters.query))
    if filters.municipalities:
        contacts = contacts.filter(
            Exists(ContactMunicipality.objects.filter(contact=OuterRef("pk"), party_id__in=filters.municipalities))
        )
    if filters.interests:
        contacts = contacts.filter(
            Exists(ContactInterest.objects.filter(contact=OuterRef("pk"), interest__in=filters.interests))
        )
    if filters.assigned_parties:
        contacts = contacts.filter(assigned_party_id__in=filters.assigned_parties)
    if filters.statuses:
        contacts = contacts.filter(status__in=filters.statuses)
    if filters.sources:
        contacts = contacts.filter(source__in=filters.sources)
    if filters.registered_from:
        contacts = contacts.filter(registered_at__gte=day_start(filters.registered_from))
    if filters.registered_to:
        contacts = contacts.filter(registered_at__lt=day_start(filters.registered_to + timedelta(days=1)))
    return contacts


def contact_list(*, filters: ContactFilters) -> QuerySet[Contact]:
    """The matching cards as models, in the chosen order (the export, the API)."""
    return (
        contact_matches(filters=filters)
        .select_related("assigned_party", "assigned_guide")
        .prefetch_related(Prefetch("municipality_rows", queryset=ContactMunicipality.objects.select_related("party")))
        .order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))
    )


@dataclass(slots=True)
class ContactRow:
    """One row of the contact list page: the values it shows and nothing else.

    The list page reads tuples rather than models (issue 16: building a contact, its party, its
    guide and a prefetched municipality row with its party for each of 50 rows was a third of the
    page's time)."""

    pk: int
    first_name: str
    last_name: str
    preferred_channel: str
    phone: str
    email: str
    status: str
    registered_at: datetime
    party_name: str
    guide_first_name: str | None
    guide_last_name: str | None
    guide_email: str | None
    municipalities: list[str] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return full_name(self.first_name, self.last_name)

    @property
    def prefers_phone(self) -> bool:
        return self.preferred_channel == Channel.PHONE

    @property
    def guide_name(self) -> str:
        return staff_name(self.guide_first_name, self.guide_last_name, self.guide_email)


def staff_name(first_name: str | None, last_name: str | None, email: str | None) -> str:
    """A user as User.__str__ shows one (the full name, else the address) from joined columns; "" when
    the join found none."""
    if email is None:
        return ""
    return f"{first_name} {last_name}".strip() or email


ROW_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "preferred_channel",
    "phone",
    "email",
    "status",
    "registered_at",
    "assigned_party__name",
    "assigned_guide__first_name",
    "assigned_guide__last_name",
    "assigned_guide__email",
)


def contact_list_values(matches: QuerySet[Contact], *, sort: str) -> QuerySet[Contact, tuple[Any, ...]]:
    """contact_matches() as tuples of ROW_COLUMNS in the chosen order; contact_rows() makes a page
    of them into rows. The list counts `matches` itself, without these columns' joins."""
    return matches.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT])).values_list(*ROW_COLUMNS)


def contact_rows(values: list[tuple[Any, ...]]) -> list[ContactRow]:
    """A page of contact_list_values() as rows, with their municipalities in one query."""
    rows = [ContactRow(*columns) for columns in values]
    chosen = municipality_names([row.pk for row in rows])
    for row in rows:
        row.municipalities = chosen.get(row.pk, [])
    return rows


def municipality_names(contact_ids: list[int]) -> dict[int, list[str]]:
    """Each card's municipalities of interest by name, in the order the person chose them; one
    query for any number of cards (a card that chose none is absent)."""
    chosen: dict[int, list[str]] = {}
    if not contact_ids:
        return chosen
    pairs = ContactMunicipality.objects.filter(contact_id__in=contact_ids).order_by("position", "pk")
    for contact_id, name in pairs.values_list("contact_id", "party__name"):
        chosen.setdefault(contact_id, []).append(name)
    return chosen


def contacts_with_email(email_normalised: str) -> QuerySet[Contact]:
    """The card with this normalised email, as a queryset (at most one row: contact_unique_email).

    The one way to look a card up by email. The unique index is partial (it leaves out the cards
    without an email), and SQLite uses a partial index only when the query itself implies its
    condition: without the exclude() below it walks the whole register (141 ms at 100 000 cards
    against 0.02 ms; test_query_plans). An empty address matches no card.
    """
    if not email_normalised:
        return Contact.objects.none()
    return Contact.objects.filter(email_normalised=email_normalised).exclude(email_normalised="")


def contact_card(*, pk: int, rows: bool = True) -> Contact:
    """One card with the parties and people it names; raises Contact.DoesNotExist.

    With `rows`, its municipality and interest rows, consents and magazine orders come prefetched,
    for the views that act on them (networks' suggestions, the edit form). The card page passes
    rows=False and reads what it shows of them through card_details()."""
    card = Contact.objects.select_related("assigned_party", "assigned_guide", "source_party", "moved_to", "newsletter")
    if rows:
        card = card.prefetch_related(
            Prefetch("municipality_rows", queryset=ContactMunicipality.objects.select_related("party")),
            "interest_rows",
            "consents",
            "magazine_orders",
        )
    return card.get(pk=pk)


@dataclass(frozen=True)
class CardDetails:
    """What the card page shows of a contact's own lists: the municipalities by name in the order the
    person chose them, the interests' labels, the consents and the magazine orders newest first."""

    municipalities: list[str]
    interests: list[str]
    consents: list[Consent]
    magazine_orders: list[MagazineOrder]


# The columns card_details() reads of the consents and orders, as their model instances hold them.
CONSENT_FIELDS = ("id", "purpose", "text_version", "given_at", "withdrawn_at")
ORDER_FIELDS = ("id", "ordered_at", "sent_at")


def card_details(contact: Contact) -> CardDetails:
    """The four lists in one statement (UNION ALL), each put in its order here.

    Four plain queries cost four round trips, and on PostgreSQL a round trip is most of such a
    query's cost (issue 16: 0.2-0.4 ms each on the card); prefetch_related costs the same
    statements and more Python. The consents and orders come back as model instances holding the
    columns above; any other field is deferred, as with only(), so it is read if a template asks."""
    text, number, when = CharField(), IntegerField(), DateTimeField()
    no_text, zero, no_time = Value("", text), Value(0, number), Value(None, when)
    # Every part: kind, pk, position, two texts, two times.
    rows = (
        Consent.objects.filter(contact=contact)
        .order_by()
        .values_list(Value("consent", text), "pk", zero, "purpose", "text_version", "given_at", "withdrawn_at")
        .union(
            MagazineOrder.objects.filter(contact=contact)
            .order_by()
            .values_list(Value("order", text), "pk", zero, no_text, no_text, "ordered_at", "sent_at"),
            ContactMunicipality.objects.filter(contact=contact)
            .order_by()
            .values_list(Value("municipality", text), "pk", "position", "party__name", no_text, no_time, no_time),
            ContactInterest.objects.filter(contact=contact)
            .order_by()
            .values_list(Value("interest", text), "pk", zero, "interest", no_text, no_time, no_time),
            all=True,
        )
    )
    parts: dict[str, list[tuple[Any, ...]]] = {"consent": [], "order": [], "municipality": [], "interest": []}
    for kind, *columns in rows:
        parts[kind].append(tuple(columns))
    # ORDER BY is not allowed inside a UNION's parts: each list is sorted as its own query did (the
    # person's order for the municipalities, as given for the interests, newest first for the rest).
    municipalities = sorted(parts["municipality"], key=lambda row: (row[1], row[0]))
    interests = sorted(parts["interest"], key=lambda row: row[0])
    consents = sorted(parts["consent"], key=lambda row: (row[4], row[0]), reverse=True)
    orders = sorted(parts["order"], key=lambda row: (row[4], row[0]), reverse=True)
    database = connection.alias
    return CardDetails(
        municipalities=[row[2] for row in municipalities],
        interests=[choice_label(Interest, row[2]) for row in interests],
        consents=[Consent.from_db(database, CONSENT_FIELDS, (pk, *rest)) for pk, _zero, *rest in consents],
        magazine_orders=[
            MagazineOrder.from_db(database, ORDER_FIELDS, (pk, ordered_at, sent_at))
            for pk, _zero, _text, _version, ordered_at, sent_at in orders
        ],
    )


def contact_activities(*, contact: Contact) -> QuerySet[Activity]:
    return Activity.objects.filter(contact=contact).select_related("author", "party").order_by("-occurred_at", "-id")


@dataclass(slots=True)
class TimelineRow:
    """One activity as the card's timeline shows it, read as a tuple rather than an activity with
    its author and party (issue 16: 150 models for a page of 50 were a fifth of the card's time)."""

    pk: int
    kind: str
    occurred_at: datetime
    subject: str
    body: str
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    sent_at: datetime | None
    event_code: str
    event_params: dict[str, Any]
    author_id: int | None
    author_first_name: str | None
    author_last_name: str | None
    author_email: str | None
    party_name: str | None

    @property
    def author_name(self) -> str:
        return staff_name(self.author_first_name, self.author_last_name, self.author_email)

    @property
    def summary(self) -> str:
        return events.summary(kind=self.kind, subject=self.subject, code=self.event_code, params=self.event_params)


TIMELINE_COLUMNS = (
    "pk",
    "kind",
    "occurred_at",
    "subject",
    "body",
    "follow_up_on",
    "follow_up_done_at",
    "sent_at",
    "event_code",
    "event_params",
    "author_id",
    "author__first_name",
    "author__last_name",
    "author__email",
    "party__name",
)


def contact_timeline(*, contact: Contact) -> QuerySet[Activity, tuple[Any, ...]]:
    """The card's activities newest first, as tuples of TIMELINE_COLUMNS; timeline_rows() makes a page
    of them into rows."""
    return contact_activities(contact=contact).values_list(*TIMELINE_COLUMNS)


def timeline_rows(values: list[tuple[Any, ...]]) -> list[TimelineRow]:
    return [TimelineRow(*columns) for columns in values]


def saved_views(user: User) -> list[SavedView]:
    """The user's own saved list views and those shared in the user's party."""
    return list(
        SavedView.objects.filter(Q(owner=user) | Q(shared=True, party_id=user.party_id)).select_related("owner")
    )


def duplicate_pairs(*, user: User) -> QuerySet[DuplicateCandidate]:
    """The likely duplicates still open, best first, with both cards and their parties: every pair
    for a coordinator, the pairs with at least one card of the guide's party for a guide. Read in
    the order of the duplicate_open index, so a page costs a page of rows."""
    pairs = (
        DuplicateCandidate.objects.filter(dismissed_at__isnull=True)
        .select_related("first__assigned_party", "second__assigned_party")
        .order_by("-score", "first_id", "second_id")
    )
    if not user.has_role(Role.COORDINATOR):
        pairs = pairs.filter(Q(first__assigned_party_id=user.party_id) | Q(second__assigned_party_id=user.party_id))
    return pairs
