from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper, wraps
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import Role


class InflyttAdminSite(admin.AdminSite):
    """The admin for coordinators only, behind the same login and MFA as the rest."""

    site_header = _("Inflytt administration")
    site_title = _("Inflytt administration")
    index_title = _("Reference data and users")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or not user.has_role(Role.COORDINATOR):  # type: ignore[union-attr]
            return False
        return settings.DEMO_MODE or user.is_verified()  # type: ignore[union-attr]

    def admin_view(self, view: Callable[..., HttpResponse], cacheable: bool = False) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Signed-in staff without the coordinator role are refused, not sent to log in again.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:  # type: ignore[override]
        return redirect("accounts:login")
