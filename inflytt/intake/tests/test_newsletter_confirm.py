"""Newsletter double opt-in: a signed link bound to one subscription and one opt-in, expiring."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from inflytt.contacts.models import Activity, NewsletterSubscription
from inflytt.intake.tests.helpers import post_form
from inflytt.intake.tokens import NEWSLETTER_SALT, newsletter_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(parties, mailoutbox, django_capture_on_commit_callbacks) -> NewsletterSubscription:
    with django_capture_on_commit_callbacks(execute=True):
        post_form(Client(), wants_guidance=None, wants_newsletter="on")
    return NewsletterSubscription.objects.get()


def link_in(mailoutbox) -> str:
    mail = next(message for message in mailoutbox if "newsletter/confirm" in message.body)
    return re.search(r"https?://\S+/(sv|en)/newsletter/confirm/\S+/", mail.body).group(0)


def test_the_confirmation_mail_has_a_link_that_confirms_on_post(subscription, mailoutbox):
    path = "/" + link_in(mailoutbox).split("/", 3)[3]
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a mail scanner opening the link subscribes no one
    assert client.post(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active
    assert subscription.contact.activities.filter(kind=Activity.Kind.SYSTEM).exists()


def test_a_tampered_link_is_refused(subscription):
    token = newsletter_token(subscription)
    assert Client().post(f"/sv/newsletter/confirm/{token[:-2]}xx/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_link_cannot_be_moved_to_another_subscription(subscription, parties):
    other = NewsletterSubscription.objects.create(
        contact=subscription.contact.__class__.objects.create(
            first_name="Bo", email="bo@example.se", assigned_party=parties["region"]
        )
    )
    forged = signing.dumps({"s": other.pk, "t": subscription.created_at.timestamp()}, salt=NEWSLETTER_SALT)
    assert Client().post(f"/sv/newsletter/confirm/{forged}/").status_code == 404
    other.refresh_from_db()
    assert other.confirmed_at is None


def test_a_token_made_for_another_purpose_is_refused(subscription):
    other_purpose = signing.dumps({"s": subscription.pk, "t": subscription.created_at.timestamp()}, salt="other")
    assert Client().post(f"/sv/newsletter/confirm/{other_purpose}/").status_code == 404


def test_an_expired_link_is_refused(subscription, settings, monkeypatch):
    days = settings.INFLYTT_NEWSLETTER_CONFIRM_DAYS = 14
    signed_at = time.time() - days * 24 * 3600 - 60
    monkeypatch.setattr(signing.time, "time", lambda: signed_at)  # type: ignore[attr-defined]
    token = newsletter_token(subscription)
    monkeypatch.undo()
    assert Client().post(f"/sv/newsletter/confirm/{token}/").status_code == 404


def test_a_new_opt_in_voids_the_old_link(subscription):
    old = newsletter_token(subscription)
    NewsletterSubscription.objects.filter(pk=subscription.pk).update(created_at=timezone.now() + timedelta(seconds=5))
    assert Client().post(f"/sv/newsletter/confirm/{old}/").status_code == 404
