"""Browser fixtures: one Chromium for the browser tests (Debian's, never a downloaded one), a fresh context per test.

The live server runs in a thread of this process, so the data a test makes must be committed
(`transactional_db`) and the settings a test changes are the ones the server sees.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, sync_playwright

from inflytt.accounts.models import Role, User
from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact
from inflytt.parties.services import load_reference_parties
from inflytt.testing import make_user

CHROMIUM_CANDIDATES = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Generous for a busy CI machine, short enough that a hang fails the run.
TIMEOUT_MS = 10_000


def chromium_path() -> Path | None:
    return next((path for path in CHROMIUM_CANDIDATES if path.exists()), None)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("INFLYTT_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "INFLYTT_REQUIRE_BROWSER=1 but no Chromium was found at "
                + " or ".join(str(path) for path in CHROMIUM_CANDIDATES)
                + ": apt-get install chromium"
            )
        pytest.skip("Chromium not installed: apt-get install chromium (browser tests skipped)")
    # Playwright's sync API keeps an asyncio loop running in the main thread while it is started,
    # and Django refuses ORM calls from there unless told the code is not really async. Set for
    # exactly as long as the browser runs (package scope: the other tests keep the check).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(scope="session")
def _plain_http_server(django_test_environment) -> Iterator[None]:
    # The live server speaks plain HTTP. SecurityMiddleware reads SECURE_SSL_REDIRECT once, when
    # the server thread builds its handler, so the per-test setting of the root conftest is too late.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http_server, live_server):
    # pytest-django's server, started only after the override above. The cookies stay Secure as in
    # production: Chromium counts http://localhost and http://127.0.0.1 as secure contexts.
    return live_server


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def guide(transactional_db) -> User:
    """A guide of Bräcke whose authenticator app is enrolled."""
    load_reference_parties()
    user = make_user("guide_bracke", "bracke", Role.GUIDE)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def oesten(guide) -> Contact:
    """Östen Ågren, interested in Bräcke, among two other cards that a search for him must leave out."""
    contact(first_name="Åsa", last_name="Öberg", municipalities=("bracke",))
    contact(first_name="Märta", last_name="Lindqvist", municipalities=("are",))
    return contact(first_name="Östen", last_name="Ågren", email="osten.agren@example.se", municipalities=("bracke",))
