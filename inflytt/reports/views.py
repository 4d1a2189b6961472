"""The reports' pages and files. Steering gets the suppressed view (presentation.STEERING); guides
and coordinators the exact counts. Network managers see no reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from inflytt.accounts.models import Role
from inflytt.accounts.permissions import coordinator_required, role_required
from inflytt.reports import exports, services
from inflytt.reports.pages import dashboard_context, report_context
from inflytt.reports.periods import Period, PeriodError, parse_period, quarter_of
from inflytt.reports.presentation import STAFF, STEERING, ReportView, present
from inflytt.reports.selectors import build_report, report_parties

REPORT_ROLES = (Role.GUIDE, Role.COORDINATOR, Role.STEERING)
ALL = "all"


def audience_for(user: object) -> str:
    return STEERING if user.has_role(Role.STEERING) else STAFF  # type: ignore[attr-defined]


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError:
        raise Http404 from None


def _view(request: HttpRequest, period: str, scope: str) -> ReportView:
    if scope == ALL:
        party = None
    else:
        party = report_parties().filter(slug=scope).first()
        if party is None:
            raise Http404
    report = build_report(period=_period(period))
    return present(report, audience=audience_for(request.user), party=party)


@require_GET
@role_required(*REPORT_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The programme and each party, this quarter (or ?period=), against the year's goals."""
    text = request.GET.get("period", "")
    period = _period(text) if text else quarter_of(timezone.localdate())
    view = present(build_report(period=period), audience=audience_for(request.user))
    return render(request, "reports/dashboard.html", dashboard_context(view))


@require_GET
@role_required(*REPORT_ROLES)
def report(request: HttpRequest, period: str, scope: str) -> HttpResponse:
    return render(request, "reports/report.html", report_context(_view(request, period, scope)))


@require_GET
@role_required(*REPORT_ROLES)
def report_pdf(request: HttpRequest, period: str, scope: str) -> HttpResponse:
    view = _view(request, period, scope)
    response = HttpResponse(exports.report_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(view, "pdf")}"'
    return response


@require_GET
@role_required(*REPORT_ROLES)
def report_xlsx(request: HttpRequest, period: str, scope: str) -> HttpResponse:
    view = _view(request, period, scope)
    response = HttpResponse(
        exports.report_xlsx(view), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(view, "xlsx")}"'
    return response


@require_POST
@coordinator_required
def send(request: HttpRequest, period: str) -> HttpResponse:
    """Mail the quarter's report to each party's contact person (a PDF each), through the task queue."""
    sent = services.send_quarterly_reports(period=_period(period), acting_user=request.user)  # type: ignore[arg-type]
    if sent.missing:
        messages.warning(
            request,
            _("No contact email for: %(parties)s. Add one under Administration, Parties.")
            % {"parties": ", ".join(party.name for party in sent.missing)},
        )
    count = len(sent.queued)
    messages.success(
        request,
        ngettext(
            "The report is on its way to %(count)s party.", "The reports are on their way to %(count)s parties.", count
        )
        % {"count": count},
    )
    return redirect("reports:report", period=period, scope=ALL)
