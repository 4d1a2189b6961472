"""Issue 10: "MFA success and failure are audited; 'login' is recorded after the second factor,
and the session id rotates there too."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.accounts.mfa import confirm_totp
from inflytt.accounts.tests.test_login import _login, code_for
from inflytt.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _logins(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, actor=user))


def test_login_is_recorded_after_the_second_factor_not_the_password(personas):
    user = personas["guide_bracke"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.email)
    assert _logins(user) == []  # the password alone is not a login
    assert client.post("/accounts/mfa/verify/", {"otp_token": code_for(device)}).status_code == 302
    [event] = _logins(user)
    assert event.detail == {"second_factor": "totp"}


def test_a_recovery_code_login_says_so(personas):
    user = personas["guide_bracke"]
    code = confirm_totp(user, TOTPDevice.objects.create(user=user, name="phone", confirmed=False))[0]
    client = Client()
    _login(client, user.email)
    client.post("/accounts/mfa/verify/", {"otp_token": code})
    assert [event.detail for event in _logins(user)] == [{"second_factor": "recovery_code"}]


def test_a_wrong_second_factor_is_audited(personas):
    user = personas["guide_bracke"]
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.email)
    assert client.post("/accounts/mfa/verify/", {"otp_token": "000000"}).status_code == 400
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.MFA_FAILED)
    assert event.actor == user and event.detail == {"second_factor": "verify"}
    assert _logins(user) == []


def test_a_wrong_code_at_enrolment_is_audited(personas):
    user = personas["guide_are"]
    client = Client()
    _login(client, user.email)
    client.get("/accounts/mfa/setup/")
    assert client.post("/accounts/mfa/setup/", {"otp_token": "000000"}).status_code == 400
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.MFA_FAILED, actor=user)
    assert event.detail == {"second_factor": "enrolment"}


def test_enrolment_completes_the_login(personas):
    user = personas["guide_are"]
    client = Client()
    _login(client, user.email)
    client.get("/accounts/mfa/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    after_password = client.cookies["sessionid"].value
    assert client.post("/accounts/mfa/setup/", {"otp_token": code_for(device)}).status_code == 200
    assert [event.detail for event in _logins(user)] == [{"second_factor": "enrolled"}]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MFA, actor=user, detail={"change": "enrolled"}).exists()
    assert client.cookies["sessionid"].value != after_password


def test_the_session_id_rotates_at_the_second_factor(personas):
    user = personas["guide_bracke"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.email)
    after_password = client.cookies["sessionid"].value
    client.post("/accounts/mfa/verify/", {"otp_token": code_for(device)})
    after_second_factor = client.cookies["sessionid"].value
    assert after_second_factor != after_password
    # The id known before the second factor does not open a staff page.
    stale = Client()
    stale.cookies["sessionid"] = after_password
    assert stale.get("/contacts/").status_code == 302
    assert client.get("/contacts/").status_code == 200


def test_in_demo_mode_the_password_is_the_login(personas, settings):
    settings.DEMO_MODE = True
    user = personas["guide_bracke"]
    _login(Client(), user.email)
    assert [event.detail for event in _logins(user)] == [{"second_factor": "demo"}]
