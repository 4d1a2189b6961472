"""GET /api/v1/coworking: the public coworking directory as JSON (no personal data; cacheable)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Router, Schema
from ninja.errors import HttpError

from inflytt.networks import selectors
from inflytt.networks.public import DIRECTORY_MAX_AGE
from inflytt.parties.selectors import municipalities

router = Router(tags=["networks"], auth=None)


class CoworkingSpaceOut(Schema):
    name: str
    municipality: str
    municipality_name: str
    place: str
    address: str
    website: str
    desks: int | None
    opening_hours: str
    prices: str


class Error(Schema):
    detail: str


@router.get("/coworking", response={200: list[CoworkingSpaceOut], 404: Error}, url_name="coworking")
def coworking(request: HttpRequest, response: HttpResponse, municipality: str = "") -> list[CoworkingSpaceOut]:
    """The active coworking spaces, optionally of one municipality (its short name, e.g. `are`).
    The contact person is not published."""
    party = None
    if municipality:
        party = municipalities().filter(slug=municipality[:40]).first()
        if party is None:
            raise HttpError(404, "Unknown municipality.")
    patch_cache_control(response, public=True, max_age=DIRECTORY_MAX_AGE)
    return [
        CoworkingSpaceOut(
            name=space.name,
            municipality=space.party.slug,
            municipality_name=space.party.name,
            place=space.place,
            address=space.address,
            website=space.website,
            desks=space.desks,
            opening_hours=space.opening_hours,
            prices=space.prices,
        )
        for space in selectors.directory(party=party)
    ]
