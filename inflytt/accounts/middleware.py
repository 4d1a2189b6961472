from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from inflytt.accounts.mfa import has_confirmed_device

_View = TypeVar("_View", bound=Callable[..., Any])


def mfa_not_required(view: _View) -> _View:
    """Mark a view a signed-in user may reach before the second factor (enrolment, logout)."""
    view.mfa_exempt = True  # type: ignore[attr-defined]
    return view


class MFARequiredMiddleware:
    """Every staff page needs a session verified with TOTP or a recovery code.

    Public views (marked login_not_required) are left alone; in demo mode MFA is optional and
    the layout shows a notice saying so.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or settings.DEMO_MODE:
            return None
        if not getattr(view_func, "login_required", True) or getattr(view_func, "mfa_exempt", False):
            return None
        if user.is_verified():  # type: ignore[attr-defined]  # django-otp's OTPMiddleware adds is_verified()
            return None
        target = "accounts:mfa_verify" if has_confirmed_device(user) else "accounts:mfa_setup"
        return redirect(target)
