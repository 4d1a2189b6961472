"""Nothing the staff pages load comes from another origin: no CDN, font service or analytics (docs/security.md).

The browser is also asked whether the Content-Security-Policy blocked anything: a blocked inline
style or script means a page that looks or works differently in production than the author saw.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Request, expect

from tests.e2e.helpers import add_activity, go_to_contacts, log_in, open_card, search_contacts

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
# Not network requests: inline data and object URLs.
LOCAL_SCHEMES = {"data", "blob", "about"}


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.scheme in {"http", "https"} and parts.hostname in LOCAL_HOSTS)


def test_the_login_and_card_round_requests_nothing_from_other_origins(page, guide, oesten):
    requested: list[str] = []
    console_errors: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    def record_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(f"{page.url}: {message.text}")

    page.context.on("request", record)
    page.on("console", record_console)

    log_in(page, guide)
    go_to_contacts(page)
    search_contacts(page, "östen")
    open_card(page, "Östen Ågren")
    add_activity(page, "note", "Skickade länkar om bostäder.")
    expect(page.locator(".timeline")).to_contain_text("Skickade länkar om bostäder.")
    page.goto(f"/contacts/{oesten.pk}/edit/")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    paths = {urlsplit(url).path for url in requested}
    assert "/accounts/login/" in paths, requested
    assert any(path.startswith("/static/") and path.endswith(".css") for path in paths), requested
    assert any(path.startswith("/static/") and path.endswith(".js") for path in paths), requested
    foreign = [url for url in requested if not _is_local(url)]
    assert not foreign, "Requests to other origins:\n" + "\n".join(foreign)
    blocked = [error for error in console_errors if "Content Security Policy" in error]
    assert not blocked, "Blocked by the Content-Security-Policy:\n" + "\n".join(blocked)
