from __future__ import annotations

from django.conf import settings
from django.contrib import admin
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

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:  # type: ignore[override]
        return redirect("accounts:login")
