"""The password reset's rate limit fails closed while the cache is away, like the public
registration's guards (docs/decisions/0014): a 503 with Retry-After, no link mailed, never a 500.
The cache is a real Redis backend that cannot connect, not a mock."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from inflytt.accounts.services import reset_allowed
from inflytt.lib.cache import GuardUnavailable

pytestmark = pytest.mark.django_db


def test_the_limit_cannot_be_counted_so_the_service_refuses(cache_away):
    with pytest.raises(GuardUnavailable):
        reset_allowed(email="guide@example.se", client="192.0.2.1")


def test_the_page_answers_503_with_retry_after_and_mails_nothing(
    personas, cache_away, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/accounts/password-reset/", {"email": personas["guide_bracke"].email})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "Ingenting skickades" in response.content.decode()
    assert mail.outbox == []
