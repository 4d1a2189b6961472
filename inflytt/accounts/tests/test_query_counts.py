"""The staff list runs the same queries whatever the number of accounts.

Intended to prevent an n+1 issue (each row shows the account's party and whether it has set up
two-factor login)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inflytt.accounts.models import Role, User
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/accounts/users/").status_code == 200
    return len(captured)


def test_the_staff_list_does_not_grow_with_its_rows(client_for, parties):
    client = client_for("coordinator")
    _queries(client)  # warm: the session and the navigation's cached counts
    few = _queries(client)
    for n, party in enumerate(Party.objects.all()[:8]):
        User.objects.create_user(f"guide{n}@example.se", None, role=Role.GUIDE, party=party)
    assert _queries(client) == few
