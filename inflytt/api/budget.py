from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from inflytt.accounts.models import Role
from inflytt.api.auth import StaffSession
from inflytt.budget.services import allocate_budget

router = Router(tags=["budget"], auth=StaffSession(Role.COORDINATOR, Role.STEERING))


class PartyAllocation(Schema):
    total: int
    areas: dict[str, int]


class BudgetAllocation(Schema):
    year: int
    total: int
    parties: dict[str, PartyAllocation]


class Error(Schema):
    detail: str | list[str]


@router.get(
    "/{year}/allocation",
    response={200: BudgetAllocation, 401: Error, 403: Error, 404: Error, 422: Error},
    url_name="budget_allocation",
)
def budget_allocation(request: HttpRequest, year: int) -> BudgetAllocation:
    """What each party pays for the year, per area slug and in total, in whole kronor.

    The same numbers as the budget page and `manage.py allocate_budget <year>`.
    """
    try:
        allocation = allocate_budget(year=year)
    except Http404:
        raise HttpError(404, _("There is no budget for %(year)s.") % {"year": year}) from None
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    slugs = [area.slug for area in allocation.areas]
    return BudgetAllocation(
        year=year,
        total=allocation.total,
        parties={
            row.party.slug: PartyAllocation(total=row.total, areas=dict(zip(slugs, row.by_area, strict=True)))
            for row in allocation.rows
        },
    )
