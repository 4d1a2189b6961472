"""The events other apps announce rather than write: Django's login signals and accounts'
`account_event` (accounts sits below this app and cannot import it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from inflytt.accounts.signals import account_event
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event


@receiver(user_logged_in)
def _password_accepted(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # "login" means both factors: it is written when the second factor is accepted
    # (accounts.views). Only in demo mode, where there is no second factor, is this the login.
    if settings.DEMO_MODE:
        record_event(action=AuditEvent.Action.LOGIN, actor=user, request=request, detail={"second_factor": "demo"})


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(action=AuditEvent.Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The attempted address is not stored: it may be a mistyped private one.
    record_event(action=AuditEvent.Action.LOGIN_FAILED, request=request)


@receiver(account_event)
def _account_event(
    sender: Any,
    action: str,
    request: Any = None,
    actor: Any = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    record_event(action=AuditEvent.Action(action), request=request, actor=actor, obj=obj, detail=detail)
