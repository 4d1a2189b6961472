"""GET /api/v1/reports/{period}: steering's JSON of the reports, for the region's own dashboards.

A bearer token with the reports scope (intake.models.ApiToken.Scope.REPORTS); the answer is the
same as `manage.py report <period>` (presentation.ReportView.as_json, audience steering): figures
only, small cells suppressed, never a person.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from inflytt.api.auth import TokenAuth
from inflytt.intake.models import ApiToken
from inflytt.reports.periods import PeriodError, parse_period
from inflytt.reports.presentation import STEERING, present
from inflytt.reports.selectors import build_report, report_parties

router = Router(tags=["reports"])


class Error(Schema):
    detail: str


@router.get(
    "/reports/{period}",
    response={200: dict[str, Any], 401: Error, 404: Error},
    auth=TokenAuth(ApiToken.Scope.REPORTS),
    url_name="reports",
)
def report(request: HttpRequest, period: str, party: str | None = None) -> dict[str, Any]:
    """The report of a period (`2026Q4`, `2026` or `2026-01-01..2026-03-31`), optionally of one
    party (`?party=bracke`). See the README for the keys."""
    try:
        parsed = parse_period(period)
    except PeriodError as error:
        raise HttpError(404, str(error)) from None
    scope = None
    if party:
        scope = report_parties().filter(slug=party).first()
        if scope is None:
            raise HttpError(404, _("There is no such party."))
    with translation.override(settings.LANGUAGE_CODE):
        return present(build_report(period=parsed), audience=STEERING, party=scope).as_json()
