"""The configurable rate limit, and list pages whose query count does not grow with their rows
("Intended to prevent an n+1 issue")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inflytt.contacts.models import MagazineOrder
from inflytt.contacts.tests.factories import contact
from inflytt.mailings import delivery
from inflytt.mailings.models import Event, Invitation, Mailing, Segment


def test_the_rate_limit_paces_mails(monkeypatch):
    clock = {"now": 100.0}
    slept: list[float] = []
    monkeypatch.setattr(delivery.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(delivery.time, "sleep", lambda seconds: slept.append(seconds))
    limit = delivery.RateLimit(4)  # four a second: one every 0.25 s
    for _ in range(3):
        limit.wait()
    assert slept == [pytest.approx(0.25), pytest.approx(0.5)]
    slept.clear()
    unlimited = delivery.RateLimit(0)
    unlimited.wait()
    unlimited.wait()
    assert slept == []


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_the_list_pages_cost_the_same_whatever_their_rows(client_for, django_assert_max_num_queries, rows):
    """Intended to prevent an n+1 issue."""
    client = client_for("guide_bracke")
    segment = Segment.objects.create(name="Alla", conditions={})
    event = Event.objects.create(title="Träff", starts_at=timezone.now() + timedelta(days=3), place="Åre", capacity=50)
    for n in range(rows):
        Mailing.objects.create(name=f"Nytt {n}", purpose="newsletter", segment=segment, event=event)
        Invitation.objects.create(
            event=event, contact=contact(email=f"p{n}@example.se"), answer="yes", answered_at=timezone.now()
        )
    for path in ("/mailings/", "/mailings/events/", f"/mailings/events/{event.pk}/", "/mailings/segments/"):
        with django_assert_max_num_queries(16):
            assert client.get(path).status_code == 200


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_pages_read_through_selectors_run_the_same_queries_for_1_and_12_rows(client_for):
    """Intended to prevent an n+1 issue: the lists, an event's answers and mailings, a segment's
    members and the magazine's orders, each pinned to the count it has with one row."""
    client = client_for("coordinator")
    segment = Segment.objects.create(name="Alla", conditions={})
    event = Event.objects.create(title="Träff", starts_at=timezone.now() + timedelta(days=3), place="Åre", capacity=50)

    def add(first: int, count: int) -> None:
        for n in range(first, first + count):
            Mailing.objects.create(name=f"Nytt {n}", purpose="newsletter", segment=segment, event=event)
            Segment.objects.create(name=f"Grupp {n}", conditions={})
            person = contact(email=f"p{n}@example.se")
            Invitation.objects.create(event=event, contact=person, answer="yes", answered_at=timezone.now())
            MagazineOrder.objects.create(contact=person, street="Storgatan 1", postal_code="83131", city="Östersund")

    paths = ["/mailings/", "/mailings/events/", f"/mailings/events/{event.pk}/", "/mailings/segments/"]
    paths += [f"/mailings/segments/{segment.pk}/", "/mailings/magazine/"]
    add(0, 1)
    for path in paths:
        _queries(client, path)  # warm: the session and the navigation's cached counts
    one = {path: _queries(client, path) for path in paths}
    add(1, 11)
    assert {path: _queries(client, path) for path in paths} == one
