from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from inflytt.parties.models import Party


def active_parties() -> QuerySet[Party]:
    return Party.objects.filter(is_active=True).order_by("kind", "name")


def municipalities() -> QuerySet[Party]:
    return active_parties().filter(kind=Party.Kind.MUNICIPALITY)


def parties_by_id(ids: list[int]) -> dict[int, Party]:
    return Party.objects.in_bulk(ids)


@dataclass(frozen=True)
class ActiveParties:
    """The active parties read once (one query of about ten rows) for a request that needs several
    views of them: the public registration needs the form's party, the municipalities to choose from
    and the region (the undecided's handler and the controller in the privacy notice). Read per
    request, never cached across requests, so a coordinator's change applies at once (issue 16)."""

    parties: tuple[Party, ...]

    def by_slug(self, slug: str) -> Party | None:
        return next((party for party in self.parties if party.slug == slug), None)

    @property
    def region(self) -> Party | None:
        return next((party for party in self.parties if party.kind == Party.Kind.REGION), None)

    @property
    def municipalities(self) -> list[Party]:
        return [party for party in self.parties if party.kind == Party.Kind.MUNICIPALITY]


def active_party_set() -> ActiveParties:
    return ActiveParties(tuple(active_parties()))
