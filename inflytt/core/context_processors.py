from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from inflytt.parties import branding


def site(request: HttpRequest) -> dict[str, Any]:
    values = branding.current()
    return {
        "SITE_NAME": values["name"],
        "BRAND_COLOUR": values["colour"],
        "BRAND_LOGO_VERSION": values["logo_version"],
        "DEMO_MODE": settings.DEMO_MODE,
    }
