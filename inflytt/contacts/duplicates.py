"""Likely duplicates in the register: the same person on two cards.

Three reasons, each with a score (100 = certain):
- the same email address once normalised further than the unique column does (a "+tag" dropped,
  the dots of a Gmail address ignored): 100;
- the same phone number in E.164 (+46701234567, however it was typed): 95;
- a similar name in the same city (rapidfuzz's token-sort ratio of the folded names, at least
  NAME_THRESHOLD): the ratio itself.
Each pair is listed once, with its best reason.

Comparing the whole register takes seconds at 100 000 cards, so the pairs are stored
(DuplicateCandidate) and the list reads a page of them. The stored pairs are kept current by
- refresh_candidates(): the whole register, nightly and after an import (contacts.tasks);
- check_contact(): one card against the register through indexes, after a card is created or
  its email, phone, name or city changes (queued on commit by the service that changed it).
A pair marked "not a duplicate" (dismiss_candidate) keeps its row, so neither proposes it again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from rapidfuzz import fuzz, process, utils

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.models import Contact, DuplicateCandidate, duplicate_block_for
from inflytt.lib.text import normalise_phone, plain

NAME_THRESHOLD = 90
EMAIL_SCORE = 100
PHONE_SCORE = 95
GMAIL = {"gmail.com", "googlemail.com"}
# The fields whose change calls for a new check of the card (contacts.tasks.check_duplicates_after_commit).
COMPARED_FIELDS = frozenset({"email", "phone", "first_name", "last_name", "current_city"})
# Rows written or deleted per statement while a refresh stores its result.
WRITE_CHUNK = 500


@dataclass(frozen=True)
class Candidate:
    first_id: int  # the older card (lower id): the one a merge keeps by default
    second_id: int
    reason: str
    score: int

    @property
    def pair(self) -> tuple[int, int]:
        return self.first_id, self.second_id


def email_key(email: str) -> str:
    """anna.svensson+inflytt@gmail.com and annasvensson@googlemail.com are one mailbox."""
    local, _at, domain = email.strip().lower().rpartition("@")
    if not local:
        return ""
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _pairs(groups: Iterable[list[int]]) -> Iterable[tuple[int, int]]:
    for ids in groups:
        ordered = sorted(ids)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                yield first, second


class _Best(dict[tuple[int, int], Candidate]):
    """The best reason found for each pair so far."""

    def offer(self, one: int, other: int, reason: str, score: int) -> None:
        first, second = sorted((one, other))
        known = self.get((first, second))
        if known is None or known.score < score:
            self[(first, second)] = Candidate(first, second, reason, score)


def _plain_name(first_name: str, last_name: str) -> str:
    """The name as compared: within a block (Contact.duplicate_block, a city and the first letter of
    the last name), so the work grows with the largest block, not with the square of the register."""
    return plain(f"{first_name} {last_name}")


def _name_scores(names: list[str], others: list[str]):
    return process.cdist(
        names, others, scorer=fuzz.token_sort_ratio, processor=utils.default_process, score_cutoff=NAME_THRESHOLD
    )


def duplicate_candidates() -> list[Candidate]:
    """Every likely pair in the register, best first. Reads only ids and the compared columns."""
    best = _Best()
    by_email: dict[str, list[int]] = defaultdict(list)
    for pk, email in Contact.objects.exclude(email_normalised="").values_list("pk", "email_normalised").iterator():
        by_email[email_key(email)].append(pk)
    for first, second in _pairs(ids for ids in by_email.values() if len(ids) > 1):
        best.offer(first, second, DuplicateCandidate.Reason.EMAIL, EMAIL_SCORE)
    del by_email

    # Phones are stored in E.164 by the services; the few typed otherwise are normalised here.
    shared = Contact.objects.exclude(phone="").order_by().values("phone").annotate(n=Count("pk")).filter(n__gt=1)
    by_phone: dict[str, list[int]] = defaultdict(list)
    for pk, phone in Contact.objects.filter(phone__in=shared.values("phone")).values_list("pk", "phone"):
        by_phone[normalise_phone(phone)].append(pk)
    for first, second in _pairs(ids for ids in by_phone.values() if len(ids) > 1):
        best.offer(first, second, DuplicateCandidate.Reason.PHONE, PHONE_SCORE)

    # The blocks from the cards' own columns, not the stored duplicate_block: the nightly run also
    # pairs cards that a change outside the services left with a stale one.
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = Contact.objects.exclude(current_city="").values_list("pk", "first_name", "last_name", "current_city")
    for pk, first_name, last_name, city in rows.iterator():
        if (block := duplicate_block_for(city, last_name)) and (name := _plain_name(first_name, last_name)):
            blocks[block].append((pk, name))
    for members in blocks.values():
        if len(members) < 2:
            continue
        names = [name for _pk, name in members]
        scores = _name_scores(names, names)
        for i, j in zip(*scores.nonzero(), strict=True):
            if i < j:
                best.offer(members[i][0], members[j][0], DuplicateCandidate.Reason.NAME, round(float(scores[i][j])))
    return sorted(best.values(), key=lambda item: (-item.score, item.first_id, item.second_id))


def candidates_of(contact: Contact) -> list[Candidate]:
    """The likely pairs of one card, by the same rules, read through indexes: the addresses that
    share its email key (a range of the unique email index), the cards with its phone number
    (contact_phone) and those of its name block (contact_duplicate_block) whose names come close."""
    best = _Best()
    # No ORDER BY: with the model's ordering SQLite walked the whole register along contact_registered
    # instead of reading the index a condition names (138 ms against under 5 at 100 000 cards).
    others = Contact.objects.exclude(pk=contact.pk).order_by()
    # SQLite compares text by code points, so a prefix is a range of an index. PostgreSQL's
    # collation orders "+", "@" and letters by a locale's rules: it reads prefixes (LIKE 'x%') from
    # contact_email_prefix (migration 0015).
    binary = connection.vendor == "sqlite"
    key = email_key(contact.email_normalised)
    local, _at, domain = key.rpartition("@")
    if local:  # "+tag@domain" alone names no mailbox to compare
        # SQLite uses the partial unique index only when the query implies its condition.
        emails = others.exclude(email_normalised="")
        gmail = Q(email_normalised__endswith="@gmail.com") | Q(email_normalised__endswith="@googlemail.com")
        if not binary:
            near = (
                gmail & Q(email_normalised__startswith=local[:1])
                if domain == "gmail.com"
                else Q(email_normalised=key) | Q(email_normalised__startswith=f"{local}+")
            )
        elif domain == "gmail.com":
            # Dots anywhere: every Gmail address that starts with the same letter.
            near = gmail & Q(email_normalised__gte=local[:1], email_normalised__lt=chr(ord(local[0]) + 1))
        else:
            # The address itself and every "+tag" of it, in one range of the index ("+" sorts
            # before "@"): an OR of the two would make SQLite read the whole table.
            near = Q(email_normalised__gte=f"{local}+", email_normalised__lte=key)
        for pk, email in emails.filter(near).values_list("pk", "email_normalised"):
            if email_key(email) == key:
                best.offer(contact.pk, pk, DuplicateCandidate.Reason.EMAIL, EMAIL_SCORE)
    if contact.phone:
        phones = {contact.phone, normalise_phone(contact.phone)}
        for pk in others.exclude(phone="").filter(phone__in=phones).values_list("pk", flat=True):
            best.offer(contact.pk, pk, DuplicateCandidate.Reason.PHONE, PHONE_SCORE)
    if contact.duplicate_block:
        # The cards of its block, read from contact_duplicate_block: no spelling of the city and
        # no case of the letter is left out, and no other city's names are read. The exclude()
        # restates the partial index's condition, which SQLite needs to use it.
        name = _plain_name(contact.first_name, contact.last_name)
        block = others.exclude(duplicate_block="").filter(duplicate_block=contact.duplicate_block)
        members = [
            (pk, other_name)
            for pk, first_name, last_name in block.values_list("pk", "first_name", "last_name")
            if (other_name := _plain_name(first_name, last_name))
        ]
        if name and members:
            scores = _name_scores([name], [other_name for _pk, other_name in members])
            for j in scores[0].nonzero()[0]:
                best.offer(contact.pk, members[j][0], DuplicateCandidate.Reason.NAME, round(float(scores[0][j])))
    return list(best.values())


@dataclass(frozen=True)
class RefreshResult:
    found: int
    created: int
    updated: int
    deleted: int


def _store(found: list[Candidate], stored: QuerySet[DuplicateCandidate], *, now: datetime) -> RefreshResult:
    """Make `stored` (the rows in the checked scope) hold `found`: new pairs are added, changed
    reasons and scores updated, pairs no longer found removed. A dismissed pair is left alone:
    it is neither changed nor removed, so it is never proposed again.

    The writes go in chunks of WRITE_CHUNK rows, a transaction each: on SQLite a writer holds the
    whole database, and a registration must not wait for 100 000 pairs to be written."""
    rows = {
        (first, second): (pk, reason, score, dismissed)
        for pk, first, second, reason, score, dismissed in (
            stored.values_list("pk", "first_id", "second_id", "reason", "score", "dismissed_at").iterator()
        )
    }
    new, changed = [], []
    for item in found:
        row = rows.pop(item.pair, None)
        if row is None:
            new.append(
                DuplicateCandidate(
                    first_id=item.first_id, second_id=item.second_id, reason=item.reason, score=item.score, found_at=now
                )
            )
        elif row[3] is None and (row[1], row[2]) != (item.reason, item.score):
            changed.append(DuplicateCandidate(pk=row[0], reason=item.reason, score=item.score))
    gone = [row[0] for row in rows.values() if row[3] is None]
    del rows
    for start in range(0, len(new), WRITE_CHUNK):
        chunk = new[start : start + WRITE_CHUNK]
        with transaction.atomic():
            # A card deleted since the comparison read it has no pair left to store.
            ids = {pk for row in chunk for pk in (row.first_id, row.second_id)}
            alive = set(Contact.objects.filter(pk__in=ids).values_list("pk", flat=True))
            # ignore_conflicts: a check of one card may have stored the same pair meanwhile.
            DuplicateCandidate.objects.bulk_create(
                [row for row in chunk if row.first_id in alive and row.second_id in alive], ignore_conflicts=True
            )
    for start in range(0, len(changed), WRITE_CHUNK):
        with transaction.atomic():
            DuplicateCandidate.objects.bulk_update(changed[start : start + WRITE_CHUNK], ["reason", "score"])
    for start in range(0, len(gone), WRITE_CHUNK):
        with transaction.atomic():
            # Not a pair someone dismissed since it was read: the dismissal stays.
            DuplicateCandidate.objects.filter(
                pk__in=gone[start : start + WRITE_CHUNK], dismissed_at__isnull=True
            ).delete()
    return RefreshResult(found=len(found), created=len(new), updated=len(changed), deleted=len(gone))


def refresh_candidates(*, now: datetime | None = None) -> RefreshResult:
    """Compare the whole register and store the result (reads outside any transaction, writes in
    chunks: see _store)."""
    return _store(duplicate_candidates(), DuplicateCandidate.objects.all(), now=now or timezone.now())


def check_contact(*, contact_id: int, now: datetime | None = None) -> RefreshResult:
    """Compare one card with the register and store its pairs (a card gone has none left: its rows
    went with it).

    Reads outside any transaction and writes in _store's short ones, as the refresh does: on SQLite a
    transaction holds the write lock from its start, and one around the comparison made every
    registration of a burst wait for the check of the one before (issue 16's load run)."""
    contact = (
        Contact.objects.filter(pk=contact_id)
        .only("pk", "email_normalised", "phone", "first_name", "last_name", "current_city")
        .first()
    )
    if contact is None:
        return RefreshResult(found=0, created=0, updated=0, deleted=0)
    stored = DuplicateCandidate.objects.filter(Q(first_id=contact_id) | Q(second_id=contact_id))
    return _store(candidates_of(contact), stored, now=now or timezone.now())


@transaction.atomic
def dismiss_candidate(
    *, candidate: DuplicateCandidate, acting_user: User, request: HttpRequest | None = None
) -> DuplicateCandidate:
    """Mark a pair "not a duplicate": it leaves the list and no refresh proposes it again."""
    candidate.dismissed_at = timezone.now()
    candidate.dismissed_by = acting_user
    candidate.save(update_fields=["dismissed_at", "dismissed_by"])
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        request=request,
        obj=candidate,
        detail={"not_duplicates": [candidate.first_id, candidate.second_id], "reason": candidate.reason},
    )
    return candidate
