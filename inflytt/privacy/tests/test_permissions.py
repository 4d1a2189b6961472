"""The retention run pages, for every role (the permission matrix needs a run to exist).

docs/security.md: "A guide cannot reach the admin, the audit log, user management, retention or erasure."
"""

from __future__ import annotations

import pytest

from inflytt.privacy import services
from inflytt.privacy.models import RetentionRun

pytestmark = pytest.mark.django_db

ROLES = ["guide_bracke", "guide_are", "guide_region", "steering", "ambassador_admin"]


@pytest.fixture
def run(parties) -> RetentionRun:
    return services.propose_retention()


@pytest.mark.parametrize("role", ROLES)
def test_only_a_coordinator_reaches_a_retention_run(client_for, run, role):
    client = client_for(role)
    assert client.get(f"/privacy/retention/{run.pk}/").status_code == 403
    assert client.post(f"/privacy/retention/{run.pk}/start/").status_code == 403
    assert client.post(f"/privacy/retention/{run.pk}/resume/").status_code == 403
    run.refresh_from_db()
    assert run.state == RetentionRun.State.PROPOSED


def test_anonymous_is_sent_to_login(client_for, run):
    for path in (f"/privacy/retention/{run.pk}/", f"/privacy/retention/{run.pk}/start/"):
        response = client_for("anonymous").get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_coordinator_reaches_them(client_for, run):
    client = client_for("coordinator")
    assert client.get(f"/privacy/retention/{run.pk}/").status_code == 200
    assert client.post(f"/privacy/retention/{run.pk}/resume/").status_code == 302
    assert client.get("/privacy/retention/999999/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_no_other_role_reaches_erasure_export_or_the_audit_log(client_for, parties, role):
    from inflytt.privacy.tests.factories import person

    card = person()
    client = client_for(role)
    for path in (
        "/privacy/audit/",
        "/privacy/audit/export.csv",
        "/privacy/person/",
        f"/privacy/person/{card.pk}/",
        f"/privacy/person/{card.pk}/erase/",
        f"/privacy/person/{card.pk}/export.json",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/privacy/person/{card.pk}/erase/").status_code == 403
    assert client.post("/privacy/retention/").status_code == 403
    assert type(card).objects.filter(pk=card.pk).exists()
