"""The configurable rate limit, and list pages whose query count does not grow with their rows
("Intended to prevent an n+1 issue")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

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
