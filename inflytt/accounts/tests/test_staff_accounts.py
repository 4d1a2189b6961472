"""Staff accounts without the raw admin (issue 14): coordinators invite by mail (a set-password link
that works once and for 72 hours), set role and party, deactivate and reset MFA, all audited;
anyone can reset a forgotten password by mail, rate-limited, with the same answer either way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.accounts.models import Role, User
from inflytt.accounts.services import RESET_LIMIT_PER_HOUR
from inflytt.audit.models import AuditEvent
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Fjällbacka-Östersund-2026"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _page(response) -> str:
    """The page without its CSRF tokens (different in every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/set-password/\S+)", message.body).group(1)


def _set_password(path: str) -> tuple[Client, Any]:
    client = Client()
    form_page = client.get(path, follow=True)  # Django moves the token into the session first
    return client, form_page


def test_an_invitation_mails_a_link_that_sets_the_password_once(
    client_for, personas, django_capture_on_commit_callbacks
):
    coordinator = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            "/accounts/users/",
            {
                "email": "Ny.Guide@Example.se",
                "first_name": "Nora",
                "last_name": "Nyström",
                "role": "guide",
                "party": Party.objects.get(slug="bracke").pk,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="ny.guide@example.se")
    assert (user.role, user.party.slug, user.has_usable_password()) == (Role.GUIDE, "bracke", False)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, actor=personas["coordinator"], object_id=str(user.pk)
    ).exists()
    [message] = mail.outbox
    assert message.to == ["ny.guide@example.se"] and "Nora" in message.body

    client, page = _set_password(_link(message))
    assert page.context["validlink"]
    done = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    _again, page = _set_password(_link(message))
    assert not page.context["validlink"]  # used once: the token depended on the old password


def test_a_link_older_than_72_hours_does_not_work(personas):
    user = personas["guide_bracke"]
    generator = default_token_generator
    old = generator._make_token_with_timestamp(  # the real generator, at a moment 73 hours ago
        user, generator._num_seconds(generator._now()) - 73 * 3600, generator.secret
    )
    _client, page = _set_password(f"/accounts/set-password/{urlsafe_base64_encode(force_bytes(user.pk))}/{old}/")
    assert not page.context["validlink"]
    assert "72" in page.content.decode()


def test_a_coordinator_changes_role_and_party_deactivates_and_resets_mfa_all_audited(client_for, personas):
    guide = personas["guide_bracke"]
    TOTPDevice.objects.create(user=guide, name="phone", confirmed=True)
    coordinator = client_for("coordinator")
    are = Party.objects.get(slug="are")
    response = coordinator.post(f"/accounts/users/{guide.pk}/", {"role": "coordinator", "party": are.pk})
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.role, guide.party, guide.is_active) == (Role.COORDINATOR, are, False)
    edit = AuditEvent.objects.get(action=AuditEvent.Action.EDIT, object_id=str(guide.pk))
    assert set(edit.detail["changes"]) == {"role", "party", "is_active"}

    coordinator.post(f"/accounts/users/{guide.pk}/reset-mfa/")
    assert not TOTPDevice.objects.filter(user=guide).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.MFA, actor=personas["coordinator"], object_id=str(guide.pk)
    ).exists()


def test_a_coordinator_cannot_deactivate_themself(client_for, personas):
    me = personas["coordinator"]
    response = client_for("coordinator").post(
        f"/accounts/users/{me.pk}/", {"role": "coordinator", "party": me.party_id}
    )
    assert response.status_code == 400
    me.refresh_from_db()
    assert me.is_active


def test_a_guide_cannot_manage_accounts(client_for, personas):
    guide = client_for("guide_bracke")
    assert guide.get("/accounts/users/").status_code == 403
    assert guide.post(f"/accounts/users/{personas['guide_are'].pk}/reset-mfa/").status_code == 403


def test_a_password_reset_answers_the_same_whether_or_not_the_address_exists(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post("/accounts/password-reset/", {"email": personas["guide_bracke"].email})
        unknown = Client().post("/accounts/password-reset/", {"email": "nobody@example.se"})
    assert known.status_code == unknown.status_code == 200
    assert _page(known) == _page(unknown)
    assert [message.to for message in mail.outbox] == [[personas["guide_bracke"].email]]


def test_password_resets_are_rate_limited(personas, django_capture_on_commit_callbacks):
    email = personas["guide_bracke"].email
    with django_capture_on_commit_callbacks(execute=True):
        answers = {
            _page(Client().post("/accounts/password-reset/", {"email": email})) for _ in range(RESET_LIMIT_PER_HOUR + 3)
        }
    assert len(answers) == 1  # the limit does not show
    assert len(mail.outbox) == RESET_LIMIT_PER_HOUR
