"""The audit log viewer: coordinator-only, filtered, paginated, exported; append-only.

Issue 6: "A coordinator-only viewer with filters (user, party, action, period, contact) and an
export. Nobody can edit or delete an entry from the app; its own retention period is a setting."
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(personas):
    made = [
        record_event(action="view", actor=personas["guide_bracke"], contact_id=11),
        record_event(action="edit", actor=personas["guide_are"], contact_id=12),
        record_event(action="export", actor=personas["coordinator"], contact_id=11),
    ]
    AuditEvent.objects.filter(pk=made[0].pk).update(at=timezone.now() - timedelta(days=40))
    return made


def _listed(client, query: str) -> set[int]:
    response = client.get(f"/privacy/audit/?{query}")
    assert response.status_code == 200, response.content
    return {event.pk for event in response.context["page"]} & set(AuditEvent.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("action=edit", [1]),
        ("contact_id=11", [0, 2]),
        ("actor={guide_bracke}", [0]),
        ("party={are}", [1]),
        ("start={recent}", [1, 2]),
        ("end={recent}&action=view&contact_id=11", [0]),
    ],
)
def test_filters(client_for, personas, parties, events, query, expected):
    client = client_for("coordinator")
    recent = (timezone.localdate() - timedelta(days=10)).isoformat()
    query = query.format(guide_bracke=personas["guide_bracke"].pk, are=parties["are"].pk, recent=recent)
    mine = {event.pk for event in events}
    assert _listed(client, query) & mine == {events[index].pk for index in expected}


def test_an_inverted_period_is_an_error(client_for, events):
    response = client_for("coordinator").get("/privacy/audit/?start=2026-02-01&end=2026-01-01")
    assert response.status_code == 400
    assert "end" in response.context["form"].errors


def test_the_list_is_paginated_with_a_fixed_number_of_queries(client_for, personas, django_assert_max_num_queries):
    """Intended to prevent an n+1 issue."""
    AuditEvent.objects.bulk_create(
        AuditEvent(action="view", actor=personas["guide_bracke"], party=personas["guide_bracke"].party, contact_id=n)
        for n in range(120)
    )
    client = client_for("coordinator")
    # 13: the 50 rows' contacts are named in one query (inflytt/audit/names.py).
    with django_assert_max_num_queries(13):
        first = client.get("/privacy/audit/")
    assert len(first.context["page"].object_list) == 50 and first.context["page"].has_next
    third = client.get("/privacy/audit/?page=3")
    assert not third.context["page"].has_next


def test_every_filter_has_an_index():
    indexed = {tuple(index.fields) for index in AuditEvent._meta.indexes}
    for column in ("contact_id", "actor", "party", "action"):
        assert (column, "at") in indexed
    assert AuditEvent._meta.get_field("at").db_index  # type: ignore[attr-defined]


def test_the_csv_export_neutralises_formulas_and_is_logged(client_for, personas):
    record_event(action="search", actor=personas["coordinator"], detail={"note": '=HYPERLINK("http://x")'})
    response = client_for("coordinator").get("/privacy/audit/export.csv?action=search")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][3] in ("Action", "Åtgärd")
    assert len(rows) == 2
    assert rows[1][8].startswith("'") or not rows[1][8].startswith("=")
    assert AuditEvent.objects.filter(action="export", detail={"audit_log": "csv"}).exists()


def _paths(resolver: URLResolver, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _paths(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern))
    return found


def _fill(route: str, pk: int) -> str | None:
    """A concrete path for a route, with the audit event's id wherever an id goes."""
    import re

    route = route.lstrip("^").rstrip("$").replace("\\", "")
    route = re.sub(r"<(int:)?(pk|id|object_id|[a-z_]*id)>", str(pk), route)
    route = re.sub(r"<path:object_id>", str(pk), route)
    route = re.sub(r"\(\?P<lang>[^)]*\)", "sv", route)
    route = re.sub(r"<(slug:)?[a-z_]+>", "x", route)
    route = re.sub(r"\(\?P<[a-z_]+>[^)]*\)", "x", route)
    if any(char in route for char in "()[]?*+|{}"):
        return None
    return "/" + route


def test_no_view_or_api_can_change_or_delete_an_audit_event(client_for, events, parties):
    """Every URL of the project, every writing method, as the most powerful role: the events that
    were there before are still there, unchanged. New events may be appended (refusals are logged)."""
    before = {event.pk: event for event in AuditEvent.objects.all()}
    target = events[0].pk
    client = client_for("coordinator")
    tried = 0
    for route, _pattern in _paths(get_resolver()):
        path = _fill(route, target)
        # The admin's pages for other models would change users and parties under the walk; the
        # admin's own pages for audit events are tried below.
        if path is None or path.startswith("/admin/"):
            continue
        # A fresh verified session per path: logout or MFA pages must not end the walk early.
        client = client_for("coordinator")
        for method in ("post", "put", "patch", "delete"):
            getattr(client, method)(path, {"action": "login", "contact_id": "999", "detail": "{}"})
            tried += 1
    # The admin's change and delete pages for the event, with a confirmation, too.
    client.post(f"/admin/audit/auditevent/{target}/change/", {"action": "login"})
    client.post(f"/admin/audit/auditevent/{target}/delete/", {"post": "yes"})
    client.post("/admin/audit/auditevent/", {"action": "delete_selected", "_selected_action": [target], "post": "yes"})
    assert tried > 40
    after = {event.pk: event for event in AuditEvent.objects.filter(pk__in=before)}
    assert set(after) == set(before)
    for pk, event in before.items():
        assert (after[pk].action, after[pk].contact_id, after[pk].detail, after[pk].at) == (
            event.action,
            event.contact_id,
            event.detail,
            event.at,
        )
