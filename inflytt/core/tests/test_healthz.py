from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    # The database itself is real; only the cursor is made to fail, as a dead server would.
    with mock.patch("inflytt.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
