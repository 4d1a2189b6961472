"""A forgotten password while the cache is away: the page says nothing was sent and to try again,
and it passes axe (docs/decisions/0014: the reset's rate limit fails closed)."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.helpers import EMAIL, assert_accessible, ui

pytestmark = pytest.mark.browser


def test_the_reset_page_tells_that_nothing_was_sent_while_the_cache_is_away(page, guide, cache_away):
    page.goto("/accounts/password-reset/")
    page.get_by_label(EMAIL).fill(guide.email)
    page.get_by_role("button", name=ui("Send the link")).click()
    unavailable = "Password reset is not available just now. Nothing was sent. Please try again in a few minutes."
    expect(page.get_by_role("alert")).to_have_text(ui(unavailable))
    assert_accessible(page, "the forgotten-password page while the cache is away")
    assert mail.outbox == []
