from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper, wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import Role

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


class InflyttAdminSite(admin.AdminSite):
    """The admin for coordinators only, behind the same login and MFA as the rest."""

    site_header = _("Inflytt administration")
    site_title = _("Inflytt administration")
    index_title = _("Reference data and users")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or not user.has_role(Role.COORDINATOR):
            return False
        return settings.DEMO_MODE or user.is_verified()  # type: ignore[attr-defined]  # django-otp's OTPMiddleware adds is_verified()

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # Signed-in staff without the coordinator role are refused, not sent to log in again.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return cast(_View, update_wrapper(guarded, inner))

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        return redirect("accounts:login")
