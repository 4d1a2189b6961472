from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.audit.models import AuditEvent
from inflytt.testing import PASSWORD


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client: Client, email: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_first_login_enrols_totp_and_shows_recovery_codes_once(personas):
    user = personas["guide_bracke"]
    client = Client()
    assert _login(client, user.email)["Location"] == "/"
    # Every staff page leads to enrolment until MFA is set up.
    assert client.get("/contacts/")["Location"] == "/accounts/mfa/setup/"
    page = client.get("/accounts/mfa/setup/")
    assert b"<svg" in page.content  # the QR code is drawn by the app, not fetched
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post("/accounts/mfa/setup/", {"otp_token": code_for(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get("/contacts/").status_code == 200
    assert AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.MFA).exists()


@pytest.mark.django_db
def test_a_wrong_code_is_refused_at_the_field(personas):
    user = personas["guide_bracke"]
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.email)
    response = client.post("/accounts/mfa/verify/", {"otp_token": "000000"})
    assert response.status_code == 400
    assert response.context["form"].errors["otp_token"]
    assert client.get("/contacts/")["Location"] == "/accounts/mfa/verify/"


@pytest.mark.django_db
def test_a_totp_code_works_once(personas):
    user = personas["guide_bracke"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    code = code_for(device)
    first = Client()
    _login(first, user.email)
    assert first.post("/accounts/mfa/verify/", {"otp_token": code}).status_code == 302
    second = Client()
    _login(second, user.email)
    assert second.post("/accounts/mfa/verify/", {"otp_token": code}).status_code == 400


@pytest.mark.django_db
def test_a_recovery_code_works_once(personas):
    from inflytt.accounts.mfa import confirm_totp

    user = personas["guide_bracke"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=False)
    code = confirm_totp(user, device)[0]
    client = Client()
    _login(client, user.email)
    assert client.post("/accounts/mfa/verify/", {"otp_token": code}).status_code == 302
    assert not StaticToken.objects.filter(token=code).exists()


@pytest.mark.django_db
def test_the_message_does_not_tell_whether_the_account_exists(personas):
    known = _login(Client(), personas["guide_bracke"].email, "wrong password 123")
    unknown = _login(Client(), "nobody@example.se", "wrong password 123")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


@pytest.mark.django_db
def test_lockout_is_keyed_on_username_and_ip_together(personas):
    email = personas["guide_bracke"].email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), email, "wrong password 123", ip="10.9.9.9")
    assert _login(Client(), email, PASSWORD, ip="10.9.9.9").status_code == 429
    # The colleague at her own desk is not locked out by someone else's attempts.
    assert _login(Client(), email, PASSWORD, ip="10.0.0.2").status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() >= settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_login_rotates_the_session_and_logout_ends_it(personas, client_for):
    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-id"
    _login(client, personas["guide_bracke"].email)
    assert client.cookies["sessionid"].value != "attacker-chosen-id"
    verified = client_for("guide_bracke")
    verified.post("/accounts/logout/")
    assert verified.get("/contacts/").status_code == 302


def _idle_for(client: Client, minutes: int) -> None:
    """Move the clock of the client's session back by `minutes`, as if its last request was that
    long ago: the stored expiry and the middleware's last refresh (accounts/sessions.py) both move."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session

    from inflytt.accounts.sessions import KEY

    row = Session.objects.get(session_key=client.cookies["sessionid"].value)
    data = row.get_decoded()
    data[KEY] -= minutes * 60
    row.session_data = Session.objects.encode(data)
    row.expire_date -= timedelta(minutes=minutes)
    row.save()


@pytest.mark.django_db
def test_sessions_time_out_when_idle(client_for):
    """README: staff sessions end after INFLYTT_IDLE_TIMEOUT_MINUTES (30) without a request; a request
    in time keeps the session going for another 30 minutes (docs/security.md)."""
    client = client_for("guide_bracke")
    assert client.get("/contacts/").status_code == 200
    _idle_for(client, 29)
    assert client.get("/contacts/").status_code == 200  # 29 minutes idle: still logged in
    _idle_for(client, 29)
    assert client.get("/contacts/").status_code == 200  # the last request restarted the 30 minutes
    _idle_for(client, 31)
    response = client.get("/contacts/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_and_same_site_lax(personas):
    client = Client()
    _login(client, personas["guide_bracke"].email)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_passwords_need_twelve_characters_and_not_a_common_one():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1!", "password1234"):
        with pytest.raises(ValidationError):
            validate_password(weak)


@pytest.mark.django_db
def test_demo_mode_makes_mfa_optional(personas, settings):
    settings.DEMO_MODE = True
    client = Client()
    _login(client, personas["guide_bracke"].email)
    response = client.get("/contacts/")
    assert response.status_code == 200
    assert b"demo-notice" in response.content


@pytest.mark.django_db
def test_a_request_pushes_the_idle_timeout_forward(client_for):
    import time
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = client_for("guide_bracke")
    key = client.cookies["sessionid"].value
    client.get("/contacts/")
    session = client.session
    session["_last_refresh"] = int(time.time()) - 3600  # last refreshed an hour ago
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/contacts/")
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + timedelta(minutes=29)
