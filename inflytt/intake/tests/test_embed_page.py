"""The coordinator's page: per-party embed snippets, API tokens made and revoked."""

from __future__ import annotations

import pytest

from inflytt.audit.models import AuditEvent
from inflytt.intake.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_a_snippet_per_party(client_for, parties):
    parties["bracke"].embed_origins = "https://www.bracke.se"
    parties["bracke"].save()
    page = client_for("coordinator").get("/intake/embed/")
    assert page.status_code == 200
    text = page.text
    assert "http://testserver/sv/form/bracke/" in text
    assert "http://testserver/sv/form/" in text
    assert "&lt;iframe src=&quot;http://testserver/sv/form/bracke/&quot;" in text  # shown as text
    assert "/static/intake/embed.js" in text
    assert "https://www.bracke.se" in text


def test_a_token_is_shown_once_and_only_its_digest_kept(client_for, parties):
    client = client_for("coordinator")
    response = client.post("/intake/tokens/", {"party": "are", "name": "Åre webb"})
    assert response.status_code == 200
    raw = response.text.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    row = ApiToken.objects.get()
    assert row.token_hash == hash_token(raw) and row.party == parties["are"]
    assert raw not in client.get("/intake/embed/").text
    assert "no-store" in response.headers["Cache-Control"]
    assert AuditEvent.objects.filter(object_type="intake.apitoken", action=AuditEvent.Action.CREATE).exists()


def test_a_token_is_revoked(client_for, parties):
    client = client_for("coordinator")
    client.post("/intake/tokens/", {"party": "are", "name": "Åre webb"})
    row = ApiToken.objects.get()
    assert client.post(f"/intake/tokens/{row.pk}/revoke/").status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None


@pytest.mark.parametrize("role", ["guide_bracke", "steering", "ambassador_admin"])
def test_other_roles_cannot_make_or_revoke_tokens(client_for, parties, role):
    client_for("coordinator").post("/intake/tokens/", {"party": "are", "name": "Åre webb"})
    row = ApiToken.objects.get()
    client = client_for(role)
    assert client.post("/intake/tokens/", {"party": "are", "name": "x"}).status_code == 403
    assert client.post(f"/intake/tokens/{row.pk}/revoke/").status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def test_the_page_is_in_the_coordinators_menu_only(client_for, parties):
    assert 'href="/intake/embed/"' in client_for("coordinator").get("/intake/embed/").text
    assert 'href="/intake/embed/"' not in client_for("guide_bracke").get("/contacts/").text
