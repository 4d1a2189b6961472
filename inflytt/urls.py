from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from inflytt.accounts.middleware import mfa_not_required
from inflytt.api.main import api

handler403 = "inflytt.core.views.permission_denied"
handler404 = "inflytt.core.views.page_not_found"
handler500 = "inflytt.core.views.server_error"

urlpatterns = [
    path("", include("inflytt.core.urls")),
    path("accounts/", include("inflytt.accounts.urls")),
    path("contacts/", include("inflytt.contacts.urls")),
    path("guidance/", include("inflytt.guidance.urls")),
    path("budget/", include("inflytt.budget.urls")),
    path("mailings/", include("inflytt.mailings.urls")),
    path("privacy/audit/", include("inflytt.audit.urls")),
    path("privacy/", include("inflytt.privacy.urls")),
    path("", include("inflytt.networks.urls")),
    path("reports/", include("inflytt.reports.urls")),
    path("api/v1/", api.urls),
    path("", include("inflytt.intake.urls")),
    path("i18n/setlang/", login_not_required(mfa_not_required(set_language)), name="set_language"),
    path("admin/", admin.site.urls),
]
