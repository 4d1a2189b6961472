from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.audit.models import AuditEvent


@pytest.mark.django_db
def test_a_coordinator_resets_someones_mfa_and_it_is_audit_logged(client_for, personas):
    target = personas["guide_bracke"]
    TOTPDevice.objects.create(user=target, name="old phone", confirmed=True)
    response = client_for("coordinator").post(
        "/admin/accounts/user/", {"action": "reset_mfa", "_selected_action": [target.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.MFA)
    assert (event.actor, event.detail) == (personas["coordinator"], {"change": "reset", "user_id": target.pk})


@pytest.mark.django_db
def test_the_audit_log_cannot_be_changed_or_deleted_in_the_admin(client_for, personas):
    event = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, actor=personas["guide_are"], contact_id=1)
    coordinator = client_for("coordinator")
    assert coordinator.get("/admin/audit/auditevent/").status_code == 200
    assert coordinator.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "edit"}).status_code == 403
    assert coordinator.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == AuditEvent.Action.VIEW
