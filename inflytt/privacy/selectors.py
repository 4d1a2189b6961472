"""Reads for privacy and register maintenance: retention preview, yearly review, a person's
data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.related import ForeignObjectRel
from django.utils import timezone

from inflytt.contacts.models import Activity, Contact, ContactMunicipality
from inflytt.contacts.selectors import contacts_with_email
from inflytt.lib.dates import months_before
from inflytt.lib.text import normalise_email
from inflytt.parties.models import Party
from inflytt.privacy.activity import active_subscriber, card_untouched_since, no_activity_since
from inflytt.privacy.models import NewsletterOnly, RetentionRun

# --- Retention ------------------------------------------------------------------------------------


def reduced() -> Exists:
    """Cards already reduced to what the newsletter needs."""
    return Exists(NewsletterOnly.objects.filter(contact=OuterRef("pk")))


def not_reduced() -> Q:
    return ~Q(reduced())


def retention_due(*, cutoff: datetime) -> QuerySet[Contact]:
    """The staleness rule, written once: every contact a retention run acts on, annotated
    `keep_for_newsletter`. The preview (counts and list) and the run both read it.

    - no activity since `cutoff` and not already reduced: deleted, or reduced when they are a
      confirmed newsletter subscriber ("De som prenumererar på nyhetsbrev får ligga kvar tills de
      tar bort sig själva", the 2025 agreement, Bilaga 4; docs/requirements.md);
    - already reduced to the newsletter but no longer subscribed: deleted.
    """
    stale = no_activity_since(cutoff) & not_reduced()
    lapsed = Q(reduced()) & ~Q(active_subscriber())
    return Contact.objects.filter(stale | lapsed).annotate(keep_for_newsletter=active_subscriber() & not_reduced())


def retention_candidates(*, cutoff: datetime) -> QuerySet[Contact]:
    """A cheap superset of retention_due, made of its first conditions (the card's indexed
    columns, or reduced): the run walks these ids in order and applies retention_due to one
    chunk at a time, so the database looks at related rows for a few hundred ids per query,
    not for the whole register."""
    return Contact.objects.filter(card_untouched_since(cutoff) | Q(reduced()))


@dataclass(frozen=True)
class PartyCounts:
    party: Party
    delete: int
    reduce: int


def retention_preview(*, cutoff: datetime) -> list[PartyCounts]:
    """Per assigned party, how many contacts the run would delete and how many it would reduce.

    One grouped query; nothing is loaded per contact."""
    rows = (
        retention_due(cutoff=cutoff)
        .order_by()
        .values("assigned_party")
        .annotate(
            # A name in this values() row, not Contact.delete (the plugin takes it for a redefinition).
            delete=Count("pk", filter=Q(keep_for_newsletter=False)),  # type: ignore[no-redef]
            reduce=Count("pk", filter=Q(keep_for_newsletter=True)),
        )
    )
    by_party: dict[int, Mapping[str, Any]] = {row["assigned_party"]: row for row in rows}
    return [
        PartyCounts(
            party=party,
            delete=by_party.get(party.pk, {}).get("delete", 0),
            reduce=by_party.get(party.pk, {}).get("reduce", 0),
        )
        for party in Party.objects.order_by("kind", "name")
        if party.pk in by_party or party.is_active
    ]


def retention_list(*, cutoff: datetime) -> QuerySet[Contact]:
    """The preview list the coordinator can read through before confirming (paginate it)."""
    return retention_due(cutoff=cutoff).select_related("assigned_party").order_by("last_activity_at", "pk")


def running_retention() -> RetentionRun | None:
    return RetentionRun.objects.filter(state=RetentionRun.State.RUNNING).first()


def retention_runs() -> QuerySet[RetentionRun]:
    """Runs with who confirmed them, newest first (a run's page finds its run here)."""
    return RetentionRun.objects.select_related("confirmed_by")


def latest_retention() -> RetentionRun | None:
    return retention_runs().first()


def proposed_retention() -> RetentionRun | None:
    """The preview waiting for the coordinator (one at a time: services.propose_retention)."""
    return retention_runs().filter(state=RetentionRun.State.PROPOSED).first()


def past_retentions(*, limit: int = 10) -> list[RetentionRun]:
    return list(retention_runs().exclude(state=RetentionRun.State.PROPOSED)[:limit])


def party_names() -> dict[str, str]:
    """Slug -> name of every party, active or not (a run's counts are kept by slug)."""
    return dict(Party.objects.values_list("slug", "name"))


# --- Register maintenance (the yearly review) -----------------------------------------------------

# A move or a decision not to move is final: those are not asked about again.
REVIEW_STATUSES = (
    Contact.Status.NEW,
    Contact.Status.CONTACTED,
    Contact.Status.IN_DIALOGUE,
    Contact.Status.PAUSED,
)


def review_since(now: datetime | None = None) -> datetime:
    return months_before(timezone.localtime(now or timezone.now()), settings.INFLYTT_REVIEW_MONTHS)


def _review_scope(party: Party) -> Q:
    """The contacts a party reviews: "Varje kommun ansvarar för att gå igenom de kontakter som har
    klickat i deras kommun ... Regionen ansvarar för att uppdatera de som inte valt specifik kommun"
    (the 2025 agreement, Bilaga 4; docs/requirements.md)."""
    chose = Exists(ContactMunicipality.objects.filter(contact=OuterRef("pk")))
    if party.is_region:
        scope = ~Q(chose)
    else:
        scope = Q(Exists(ContactMunicipality.objects.filter(contact=OuterRef("pk"), party=party)))
    return scope & Q(status__in=REVIEW_STATUSES) & not_reduced()


def status_confirmed_since(since: datetime) -> Q:
    """Registered, or the status set or confirmed (a status-change activity), since `since`."""
    return Q(registered_at__gte=since) | Q(
        Exists(
            Activity.objects.filter(contact=OuterRef("pk"), kind=Activity.Kind.STATUS_CHANGE, occurred_at__gte=since)
        )
    )


def review_due(*, party: Party, since: datetime | None = None) -> QuerySet[Contact]:
    since = since or review_since()
    return (
        Contact.objects.filter(_review_scope(party))
        .exclude(status_confirmed_since(since))
        .select_related("assigned_party", "assigned_guide")
        .order_by("registered_at", "pk")
    )


@dataclass(frozen=True)
class ReviewProgress:
    party: Party
    total: int
    due: int

    @property
    def done(self) -> int:
        return self.total - self.due

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


def review_progress(*, since: datetime | None = None) -> list[ReviewProgress]:
    """Per party: contacts in its review and how many still wait (two counts per party)."""
    since = since or review_since()
    result = []
    for party in Party.objects.filter(is_active=True).order_by("kind", "name"):
        scope = Contact.objects.filter(_review_scope(party))
        counts = scope.aggregate(total=Count("pk"), due=Count("pk", filter=~status_confirmed_since(since)))
        result.append(ReviewProgress(party=party, total=counts["total"], due=counts["due"]))
    return result


# --- A person's data ----------------------------------------------------------------------------------


def find_person(*, email: str) -> Contact | None:
    return contacts_with_email(normalise_email(email)).first()


def person(pk: int) -> Contact | None:
    """The card the person's pages (data, export, erasure, withdrawal) are about."""
    return Contact.objects.select_related("assigned_party").filter(pk=pk).first()


def is_reduced(contact: Contact) -> bool:
    """Whether the card holds only what the newsletter needs."""
    return NewsletterOnly.objects.filter(contact=contact).exists()


def contact_relations() -> list[ForeignObjectRel]:
    """Every relation another model has to Contact, found at run time: a model added later with a
    foreign key to Contact (a mailing delivery, an RSVP) is exported and erased without a change here."""
    return [rel for rel in Contact._meta.related_objects]


# Hold the addresses of staff and of the parties' contact people, never of the public.
NOT_THE_PUBLIC = {settings.AUTH_USER_MODEL.lower(), "parties.party"}


def email_holders(*, erasure: bool = True) -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Fields outside the contact card that hold an email address without a relation to Contact
    (a bounce list, a log): erasure and retention delete their rows for the person's address.

    A model may say so at run time: `privacy_not_the_public = True` (an organisation's contact
    address, like a party's) is never touched; `privacy_own_retention = True` (a register of people
    with its own retention rule, such as place ambassadors) is exported and erased on request but not
    deleted when a contact card with the same address expires (`erasure=False`)."""
    holders = []
    for model in apps.get_models():
        if model is Contact or model._meta.label_lower in NOT_THE_PUBLIC:
            continue
        if getattr(model, "privacy_not_the_public", False):
            continue
        if not erasure and getattr(model, "privacy_own_retention", False):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.EmailField) or field.name in ("email", "email_normalised"):
                holders.append((model, field))
    return holders


def related_rows(contact: Contact) -> list[tuple[Any, list[Any]]]:
    """(model, rows) for every model that refers to the contact, in a stable order."""
    result = []
    for rel in sorted(contact_relations(), key=lambda rel: rel.related_model._meta.label):
        model = rel.related_model
        if rel.many_to_many:
            # Only a relation named "+" has no accessor, and none of those is many-to-many.
            rows = list(getattr(contact, rel.get_accessor_name()).all())  # type: ignore[arg-type]
        else:
            rows = list(model._default_manager.filter(**{rel.field.name: contact}))
        result.append((model, rows))
    for model, field in email_holders():
        rows = list(model._default_manager.filter(**{f"{field.name}__in": addresses([contact.email])}))
        if rows:
            result.append((model, rows))
    return result


def addresses(emails: list[str]) -> list[str]:
    """Each address as typed and normalised, to match a field that stores either."""
    return sorted({value for email in emails if email for value in (email, normalise_email(email))})


def contact_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Contact)
