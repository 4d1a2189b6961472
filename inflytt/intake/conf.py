"""The intake app's settings, with the defaults that hold when settings.py does not set them."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Registrations accepted from one IP address per window (form and API together).
    "INFLYTT_INTAKE_RATE_LIMIT": 20,
    "INFLYTT_INTAKE_RATE_WINDOW_SECONDS": 3600,
    # A party's system posts for many people from one address: a higher limit per address.
    "INFLYTT_API_RATE_LIMIT": 600,
    # A person needs longer than this to fill in the form; a script does not.
    "INFLYTT_INTAKE_MIN_FILL_SECONDS": 3,
    # How long a rendered form may be sent (and a thank-you link shown).
    "INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS": 24 * 3600,
    "INFLYTT_NEWSLETTER_CONFIRM_DAYS": 14,
    # Receipts and guides' notices no worker took are queued again by a sweep every 5 minutes:
    # those of the last N hours, once they are older than the grace (docs/decisions/0008).
    "INFLYTT_REGISTRATION_MAIL_SWEEP_HOURS": 48,
    "INFLYTT_REGISTRATION_MAIL_GRACE_SECONDS": 300,
    # The absolute address used in mails sent by tasks (no request there).
    "INFLYTT_BASE_URL": "http://localhost:8000",
    # The privacy notice (information at collection, GDPR art. 13). Empty: the region party's name/email.
    "INFLYTT_PRIVACY_CONTROLLER": "",
    "INFLYTT_PRIVACY_EMAIL": "",
    "INFLYTT_PRIVACY_VERSION": "1",
    "INFLYTT_RETENTION_YEARS": 5,
    # Legal basis per purpose (SECURITY.md: configuration, not code): "public_interest" or "consent".
    "INFLYTT_LEGAL_BASIS": {"guidance": "public_interest", "magazine": "public_interest", "newsletter": "consent"},
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
