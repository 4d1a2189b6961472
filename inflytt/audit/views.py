"""The coordinator's audit log viewer and its export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inflytt.accounts.permissions import coordinator_required
from inflytt.audit import selectors
from inflytt.audit.forms import AuditFilterForm
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.lib.pagination import window_page

PER_PAGE = 50

# A spreadsheet runs a cell that starts with one of these as a formula (SECURITY.md).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@require_GET
@coordinator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events(filters=form.to_filters())
    # No COUNT over the whole trail: a page and whether there is a next one.
    page = window_page(events, page=request.GET.get("page"), per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    record_event(action=AuditEvent.Action.VIEW, request=request, detail={"audit_log": True})
    return render(
        request,
        "audit/audit_log.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@coordinator_required
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filters()
    events = selectors.audit_events(filters=filters)
    record_event(action=AuditEvent.Action.EXPORT, request=request, detail={"audit_log": "csv"})
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(
            [
                _("Time"),
                _("User"),
                _("Party"),
                _("Action"),
                _("Contact id"),
                _("Object type"),
                _("Object id"),
                _("IP address"),
                _("Detail"),
            ]
        )
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                safe_cell(value)
                for value in (
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    event.actor_label,
                    event.party.slug if event.party else "",
                    event.action,
                    event.contact_id or "",
                    event.object_type,
                    event.object_id,
                    event.ip or "",
                    json.dumps(event.detail, ensure_ascii=False) if event.detail else "",
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{timezone.localdate().isoformat()}.csv"'
    return response
