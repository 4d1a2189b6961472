"""What counts as activity on a contact: the one definition retention uses.

The 2025 agreement, Bilaga 4 (docs/requirements.md) ("Registervård"): "De kontakter som ej har någon registrerad
aktivitet de senaste 5 åren tas bort från systemet." A registered activity is anything the person did or
anything documented on their card:

- the registration itself (`Contact.registered_at`);
- every row on the card's timeline (`Activity`, any kind: dialogue, notes, status changes, the
  yearly review's confirmations, transfers), and `Contact.last_activity_at`, which
  `contacts.services.add_activity` keeps up to date;
- a magazine order, a consent given, a newsletter subscription requested, confirmed or ended;
- an answer to an event invitation (RSVP).

Not activity: a mailing sent to the person (else the newsletter would keep every card forever),
a staff member opening or editing the card (that is in the audit log, and reading
a card must not keep it alive), nor the retention run's own work.
"""

from __future__ import annotations

from datetime import datetime
from functools import reduce
from operator import and_, or_

from django.db.models import Exists, OuterRef, Q

from inflytt.contacts.models import Activity, Consent, MagazineOrder, NewsletterSubscription
from inflytt.mailings.models import Invitation


def card_untouched_since(cutoff: datetime) -> Q:
    """The card's own two indexed columns: registered and last active on or before `cutoff`.
    Cheap, so the run walks these ids first (selectors.retention_candidates); the related rows
    of `_activity_rows` are then checked for a few hundred ids at a time."""
    return Q(last_activity_at__lte=cutoff) & Q(registered_at__lte=cutoff)


def _activity_rows(cutoff: datetime) -> list[Exists]:
    """Rows that are registered activity after `cutoff`, besides the card's own columns."""
    return [
        Exists(Activity.objects.filter(contact=OuterRef("pk"), occurred_at__gt=cutoff)),
        Exists(MagazineOrder.objects.filter(contact=OuterRef("pk"), ordered_at__gt=cutoff)),
        Exists(Consent.objects.filter(contact=OuterRef("pk"), given_at__gt=cutoff)),
        Exists(
            NewsletterSubscription.objects.filter(contact=OuterRef("pk")).filter(
                Q(created_at__gt=cutoff) | Q(confirmed_at__gt=cutoff) | Q(unsubscribed_at__gt=cutoff)
            )
        ),
        Exists(Invitation.objects.filter(contact=OuterRef("pk"), answered_at__gt=cutoff)),
    ]


def activity_since(cutoff: datetime) -> Q:
    """Contacts with any registered activity after `cutoff`."""
    return reduce(or_, _activity_rows(cutoff), ~card_untouched_since(cutoff))


def no_activity_since(cutoff: datetime) -> Q:
    """Contacts without any registered activity after `cutoff` (5 years without activity: gone):
    the exact complement of activity_since, built from the same pieces. The two indexed columns
    on the contact come first, so the database narrows to the old cards before it looks at their
    related rows."""
    return reduce(and_, (~row for row in _activity_rows(cutoff)), card_untouched_since(cutoff))


def active_subscriber() -> Exists:
    """A confirmed newsletter subscription that has not ended (double opt-in)."""
    return Exists(
        NewsletterSubscription.objects.filter(
            contact=OuterRef("pk"), confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
    )
