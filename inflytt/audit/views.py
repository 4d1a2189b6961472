"""The coordinator's audit log viewer and its export."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inflytt.accounts.permissions import coordinator_required
from inflytt.audit import selectors
from inflytt.audit.forms import AuditFilterForm
from inflytt.audit.models import AuditEvent
from inflytt.audit.names import with_names
from inflytt.audit.services import record_event
from inflytt.lib.export import csv_response
from inflytt.lib.pagination import window_page

PER_PAGE = 50


@require_GET
@coordinator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events(filters=form.to_filters())
    # No COUNT over the whole trail: a page and whether there is a next one.
    page = window_page(events, page=request.GET.get("page"), per_page=PER_PAGE)
    # Objects by their names, one query per object type on the page; people's names only for a
    # reader who may see people (the viewer is the coordinators' anyway).
    page.object_list = with_names(page.object_list, may_see_people=request.user.may_see_people)  # type: ignore[union-attr]
    query = request.GET.copy()
    query.pop("page", None)
    record_event(action=AuditEvent.Action.VIEW, request=request, detail={"audit_log": True})
    return render(
        request,
        "audit/audit_log.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _audit_rows(events: Iterable[AuditEvent]) -> Iterator[list[Any]]:
    for event in events:
        yield [
            event.at,
            event.actor_label,
            event.party.slug if event.party else "",
            event.action,
            event.contact_id,
            event.object_type,
            event.object_id,
            event.ip,
            json.dumps(event.detail, ensure_ascii=False) if event.detail else "",
        ]


@require_GET
@coordinator_required
def audit_log_csv(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events(filters=form.to_filters())
    record_event(action=AuditEvent.Action.EXPORT, request=request, detail={"audit_log": "csv"})
    header = [
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
    return csv_response(
        filename=f"audit-log-{timezone.localdate().isoformat()}.csv",
        header=header,
        rows=_audit_rows(events.iterator(chunk_size=2000)),
    )
