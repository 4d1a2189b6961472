"""Login events into the audit log. Django's auth signals are the documented hook for this."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event(action=AuditEvent.Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(action=AuditEvent.Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The attempted address is not stored: it may be a mistyped private one.
    record_event(action=AuditEvent.Action.LOGIN_FAILED, request=request)
