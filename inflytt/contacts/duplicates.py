"""Likely duplicates in the register: the same person on two cards.

Three reasons, each with a score (100 = certain):
- the same email address once normalised further than the unique column does (a "+tag" dropped,
  the dots of a Gmail address ignored): 100;
- the same phone number in E.164 (+46701234567, however it was typed): 95;
- a similar name in the same city (rapidfuzz's token-sort ratio of the folded names, at least
  NAME_THRESHOLD): the ratio itself.
Each pair is listed once, with its best reason. Reads only ids and the compared columns.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process, utils

from inflytt.contacts.models import Contact
from inflytt.lib.text import fold, normalise_phone

NAME_THRESHOLD = 90
EMAIL_SCORE = 100
PHONE_SCORE = 95
GMAIL = {"gmail.com", "googlemail.com"}
REASONS = {"email": _("Same email address"), "phone": _("Same phone number"), "name": _("Similar name, same city")}


@dataclass(frozen=True)
class Candidate:
    first_id: int  # the older card (lower id): the one a merge keeps by default
    second_id: int
    reason: str
    score: int

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason])


def email_key(email: str) -> str:
    """anna.svensson+inflytt@gmail.com and annasvensson@googlemail.com are one mailbox."""
    local, _at, domain = email.strip().lower().rpartition("@")
    if not local:
        return ""
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def plain(value: str) -> str:
    """Folded and without diacritics: Åström and Aström, typed on different keyboards, compare equal
    (and sort their words alike, which the token-sort ratio depends on)."""
    decomposed = unicodedata.normalize("NFKD", fold(value))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _pairs(groups: Iterable[list[int]]) -> Iterable[tuple[int, int]]:
    for ids in groups:
        ordered = sorted(ids)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                yield first, second


def duplicate_candidates() -> list[Candidate]:
    best: dict[tuple[int, int], Candidate] = {}

    def offer(first: int, second: int, reason: str, score: int) -> None:
        key = (first, second)
        if key not in best or best[key].score < score:
            best[key] = Candidate(first, second, reason, score)

    by_email: dict[str, list[int]] = defaultdict(list)
    for pk, email in Contact.objects.exclude(email_normalised="").values_list("pk", "email_normalised").iterator():
        by_email[email_key(email)].append(pk)
    for first, second in _pairs(ids for ids in by_email.values() if len(ids) > 1):
        offer(first, second, "email", EMAIL_SCORE)

    # Phones are stored in E.164 by the services; the few typed otherwise are normalised here.
    shared = Contact.objects.exclude(phone="").order_by().values("phone").annotate(n=Count("pk")).filter(n__gt=1)
    by_phone: dict[str, list[int]] = defaultdict(list)
    for pk, phone in Contact.objects.filter(phone__in=shared.values("phone")).values_list("pk", "phone"):
        by_phone[normalise_phone(phone)].append(pk)
    for first, second in _pairs(ids for ids in by_phone.values() if len(ids) > 1):
        offer(first, second, "phone", PHONE_SCORE)

    # Names are compared within a city and the first letter of the last name, so the work grows
    # with the size of the largest such block, not with the square of the register.
    blocks: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    rows = Contact.objects.exclude(current_city="").values_list("pk", "first_name", "last_name", "current_city")
    for pk, first_name, last_name, city in rows.iterator():
        name = plain(f"{first_name} {last_name}")
        blocks[(plain(city), plain(last_name)[:1])].append((pk, name))
    for members in blocks.values():
        if len(members) < 2:
            continue
        names = [name for _pk, name in members]
        scores = process.cdist(
            names, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process, score_cutoff=NAME_THRESHOLD
        )
        for i, j in zip(*scores.nonzero(), strict=True):
            if i < j:
                first, second = sorted((members[i][0], members[j][0]))
                offer(first, second, "name", round(float(scores[i][j])))
    return sorted(best.values(), key=lambda item: (-item.score, item.first_id, item.second_id))
