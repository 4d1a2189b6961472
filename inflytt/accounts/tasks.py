"""Mail to staff about their account: the invitation and the password reset link."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from huey.contrib.djhuey import db_task

from inflytt.accounts.models import User
from inflytt.parties import branding


def set_password_url(user: User) -> str:
    """A link that works once (the token depends on the password hash and last login) and for
    PASSWORD_RESET_TIMEOUT (72 hours)."""
    base = str(settings.INFLYTT_BASE_URL).rstrip("/")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return base + reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])


@db_task(retries=3, retry_delay=60)
def send_password_link(user_id: int, purpose: str) -> None:
    """purpose: "invite" (a new account) or "reset" (a forgotten password)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    context = {"user": user, "url": set_password_url(user), "purpose": purpose, "site_name": branding.programme_name()}
    subject = render_to_string("accounts/emails/password_link_subject.txt", context).strip()
    body = render_to_string("accounts/emails/password_link.txt", context)
    EmailMessage(subject, body, branding.sender(), [user.email]).send()
