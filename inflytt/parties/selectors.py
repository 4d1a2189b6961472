from __future__ import annotations

from django.db.models import QuerySet

from inflytt.parties.models import Party


def active_parties() -> QuerySet[Party]:
    return Party.objects.filter(is_active=True).order_by("kind", "name")


def municipalities() -> QuerySet[Party]:
    return active_parties().filter(kind=Party.Kind.MUNICIPALITY)


def parties_by_id(ids: list[int]) -> dict[int, Party]:
    return Party.objects.in_bulk(ids)
