"""The privacy list pages run a fixed number of queries whatever the number of rows.

Intended to prevent an n+1 issue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inflytt.contacts.tests.factories import contact
from inflytt.privacy import services

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/privacy/retention/", "/privacy/review/bracke/", "/privacy/review/"])
def test_the_page_does_not_grow_with_its_rows(client_for, parties, path):
    client = client_for("coordinator")
    long_ago = timezone.now() - timedelta(days=6 * 365)

    def add(count: int) -> None:
        for _ in range(count):
            contact(municipalities=("bracke",), registered_at=long_ago)
        services.propose_retention()

    add(2)
    _queries(client, path)  # warm: the session and the navigation's cached counts
    few = _queries(client, path)
    add(8)
    assert _queries(client, path) == few
