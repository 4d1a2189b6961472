"""The privacy app's settings, with the defaults that hold when settings.py does not set them."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Seeds/000 Bilaga 4: contacts without registered activity in 5 years are deleted once a year.
    "INFLYTT_RETENTION_YEARS": 5,
    # Contacts handled per transaction by the retention run.
    "INFLYTT_RETENTION_CHUNK": 500,
    # A running retention run whose last chunk is older than this was interrupted and may resume.
    "INFLYTT_RETENTION_STALE_MINUTES": 30,
    # How long the audit trail itself is kept (the yearly run deletes older events).
    "INFLYTT_AUDIT_RETENTION_DAYS": 5 * 365,
    # Register maintenance: a moving status not confirmed for this long is due for review.
    "INFLYTT_REVIEW_MONTHS": 12,
    # The parts of the privacy notice that are texts of the installation, per language.
    "INFLYTT_PRIVACY_NOTICE": {},
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
