"""{% privacy_notice_url %}: the absolute address of the privacy notice in the active language,
for mails (no request there), so every mail links the notice (GDPR art. 13)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

register = template.Library()


@register.simple_tag
def privacy_notice_url() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    language = language if language in ("sv", "en") else "sv"
    base = str(getattr(settings, "INFLYTT_BASE_URL", "")).rstrip("/")
    return base + reverse("intake:privacy", kwargs={"lang": language})
