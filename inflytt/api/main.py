"""The JSON API, version 1, mounted at /api/v1/ (OpenAPI schema at /api/v1/openapi.json for staff)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from inflytt.api.budget import router as budget_router
from inflytt.api.coworking import router as coworking_router
from inflytt.api.registrations import router as registrations_router
from inflytt.api.reports import router as reports_router

# The schema and the root stay behind the normal staff login; only the operations answer JSON
# 401/403 themselves (see auth.StaffSession).
_PAGES = {"openapi-json", "openapi-view", "api-root"}


class InflyttAPI(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name not in _PAGES:
                view: Any = pattern.callback
                view.login_required = False  # as @login_not_required does
                view.mfa_exempt = True  # as @mfa_not_required does
        return patterns


# No interactive docs page: ninja's Swagger UI would load its assets from a CDN.
api = InflyttAPI(title="Inflytt API", version="1", urls_namespace="api", docs_url=None)
api.add_router("/budget/", budget_router)
api.add_router("/", registrations_router)
api.add_router("/", coworking_router)
api.add_router("/", reports_router)
