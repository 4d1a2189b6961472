"""Issue 10: "Admin changes to users (create, role, party, password, delete) write audit events",
and "Coordinators must not see or change another user's TOTP secret, QR code or recovery codes
through the admin (django-otp's device admins): hide them; the only operation is the audited
'Reset MFA'."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.accounts.mfa import confirm_totp
from inflytt.accounts.models import Role, User
from inflytt.audit.models import AuditEvent
from inflytt.testing import make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another long passphrase 42"  # noqa: S105 - test value


def _events(action: str, user_pk: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type="accounts.user", object_id=str(user_pk)))


def _change_data(user: User, **changes: object) -> dict[str, object]:
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "signature": user.signature,
        "party": user.party_id,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def test_creating_a_user_in_the_admin_is_audited(client_for, personas, parties):
    response = client_for("coordinator").post(
        "/admin/accounts/user/add/",
        {
            "email": "ny.vagledare@example.se",
            "party": parties["are"].pk,
            "role": Role.GUIDE,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user = User.objects.get(email="ny.vagledare@example.se")
    [event] = _events(AuditEvent.Action.CREATE, user.pk)
    assert event.actor == personas["coordinator"]
    assert event.detail["role"] == Role.GUIDE and event.detail["party"] == parties["are"].pk
    assert NEW_PASSWORD not in str(event.detail)


def test_changing_role_and_party_is_audited_with_before_and_after(client_for, personas, parties):
    guide = personas["guide_bracke"]
    response = client_for("coordinator").post(
        f"/admin/accounts/user/{guide.pk}/change/",
        _change_data(guide, role=Role.COORDINATOR, party=parties["are"].pk),
    )
    assert response.status_code == 302
    [event] = _events(AuditEvent.Action.EDIT, guide.pk)
    assert event.detail["role"] == [Role.GUIDE, Role.COORDINATOR]
    assert event.detail["party"] == [parties["bracke"].pk, parties["are"].pk]
    assert set(event.detail["fields"]) == {"role", "party"}


def test_setting_a_password_in_the_admin_is_audited(client_for, personas):
    guide = personas["guide_are"]
    response = client_for("coordinator").post(
        f"/admin/accounts/user/{guide.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    [event] = _events(AuditEvent.Action.EDIT, guide.pk)
    assert event.detail == {"fields": ["password"]}


def test_deleting_a_user_is_audited_and_says_who_it_was(client_for, personas):
    guide = personas["guide_are"]
    pk = guide.pk
    response = client_for("coordinator").post(f"/admin/accounts/user/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    [event] = _events(AuditEvent.Action.DELETE, pk)
    assert event.detail["label"] == "Guide Are Testsson <guide_are@example.se>"
    assert event.actor == personas["coordinator"]


def test_deleting_users_in_bulk_is_audited_per_user(client_for, personas, parties):
    extra = make_user("extra_guide", "are", Role.GUIDE)
    targets = [personas["guide_are"].pk, extra.pk]
    response = client_for("coordinator").post(
        "/admin/accounts/user/", {"action": "delete_selected", "_selected_action": targets, "post": "yes"}
    )
    assert response.status_code == 302
    for pk in targets:
        assert len(_events(AuditEvent.Action.DELETE, pk)) == 1


@pytest.fixture
def enrolled(personas):
    """A guide with a confirmed authenticator and recovery codes, as after enrolment."""
    guide = personas["guide_bracke"]
    # Unrelated devices first, so the guide's device ids differ from the user ids.
    for n in range(3):
        TOTPDevice.objects.create(user=personas["steering"], name=f"spare {n}", confirmed=False)
    device = TOTPDevice.objects.create(user=guide, name="phone", confirmed=False)
    codes = confirm_totp(guide, device)
    return guide, TOTPDevice.objects.get(pk=device.pk), codes


def test_the_device_admins_are_gone(client_for, enrolled):
    guide, device, _codes = enrolled
    static = StaticDevice.objects.get(user=guide)
    coordinator = client_for("coordinator")
    for path in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/admin/otp_totp/totpdevice/{device.pk}/config/",
        f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/",
        "/admin/otp_totp/totpdevice/add/",
        "/admin/otp_static/staticdevice/",
        f"/admin/otp_static/staticdevice/{static.pk}/change/",
        "/admin/otp_static/staticdevice/add/",
    ):
        assert coordinator.get(path).status_code == 404, path
    index = coordinator.get("/admin/").content.decode()
    assert "otp_totp" not in index and "otp_static" not in index
    # Nor can a post change them.
    coordinator.post(f"/admin/otp_totp/totpdevice/{device.pk}/change/", {"key": "00" * 20, "user": guide.pk})
    device.refresh_from_db()
    assert device.key != "00" * 20


def test_the_user_page_shows_no_key_qr_code_or_recovery_code(client_for, enrolled):
    guide, device, codes = enrolled
    page = client_for("coordinator").get(f"/admin/accounts/user/{guide.pk}/change/").content.decode()
    assert device.key not in page
    assert device.config_url.split("secret=")[1].split("&")[0] not in page
    assert "otpauth" not in page and "qrcode" not in page
    for code in StaticToken.objects.filter(device__user=guide).values_list("token", flat=True):
        assert code not in page
    assert codes[0] not in page
