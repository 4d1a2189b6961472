"""The public registration form in a real browser: filled in by label in Swedish and English, embedded
in an iframe from an allowed origin and refused from another, and axe-core on every state.

Two origins: the live server is http://localhost:<port>; the parent pages come from small
http.server instances on http://127.0.0.1:<other ports> (another site as far as the browser knows).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from inflytt.contacts.models import Contact
from inflytt.intake.tokens import form_started_token
from inflytt.parties.models import Party
from inflytt.parties.services import load_reference_parties
from tests.e2e.helpers import assert_not_in_addresses

pytestmark = pytest.mark.browser

ERROR_SUMMARY = re.compile("Det finns ett problem|There is a problem")
SEND = re.compile("^(Skicka|Send)$")


class ParentSite:
    """A one-page site on its own origin that embeds a form with the snippet the coordinator copies."""

    def __init__(self, form_url: str, script_url: str) -> None:
        html = (
            "<!DOCTYPE html><html lang='sv'><head><meta charset='utf-8'><title>Kommunens webbplats</title></head>"
            f"<body><h1>Flytta hit</h1><iframe src='{form_url}' title='Anmälan' data-inflytt-form "
            "style='width:100%;height:300px;border:0'></iframe>"
            f"<script src='{script_url}' async></script></body></html>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's hook name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(html)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def intake(transactional_db, settings) -> dict[str, Party]:
    load_reference_parties()
    # A person in a browser takes longer; the test fills the form in well under a second.
    settings.INFLYTT_INTAKE_MIN_FILL_SECONDS = 0
    return {party.slug: party for party in Party.objects.all()}


@pytest.fixture
def sites(live_server, intake) -> Iterator[tuple[ParentSite, ParentSite]]:
    form_url = f"{live_server.url}/sv/form/bracke/"
    script_url = f"{live_server.url}/static/intake/embed.js"
    allowed, other = ParentSite(form_url, script_url), ParentSite(form_url, script_url)
    Party.objects.filter(slug="bracke").update(embed_origins=allowed.origin)
    yield allowed, other
    allowed.close()
    other.close()


def assert_accessible(page: Page, where: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"axe-core on {where} ({page.url}):\n{results.generate_report()}"


def fill_in_swedish(page, *, email: str) -> None:
    form = page
    form.get_by_label("Flyttvägledning").check()
    form.get_by_label("Förnamn").fill("Åsa")
    form.get_by_label("Efternamn").fill("Öberg-D'Arcy")
    form.get_by_label("E-postadress").fill(email)
    form.get_by_label("Telefonnummer").fill("070-123 45 67")
    form.get_by_label("Åre kommun").check()
    form.get_by_label("Bostad").check()
    form.get_by_label("Dina frågor").fill("Finns det <b>förskola</b>?")
    form.get_by_label("Jag har läst hur mina personuppgifter hanteras").check()


def test_a_person_registers_in_swedish(page, live_server, intake):
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    page.goto("/sv/form/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page, "the form in Swedish")

    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("alert")).to_contain_text(ERROR_SUMMARY)
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page, "the form with errors in Swedish")

    fill_in_swedish(page, email="asa.oberg@example.se")
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din anmälan")
    expect(page.locator(".next-step")).to_contain_text("Åre kommun")
    # Every address the browser asked for, the thank-you page's too: no name, no email.
    assert page.url in requested
    assert_not_in_addresses(requested, "asa.oberg@example.se", "Åsa", "Öberg-D'Arcy")
    assert_accessible(page, "the thank-you page in Swedish")

    contact = Contact.objects.get()
    assert contact.full_name == "Åsa Öberg-D'Arcy" and contact.assigned_party.slug == "are"
    assert contact.message == "Finns det <b>förskola</b>?"

    # A reload of the thank-you page sends nothing again.
    page.reload()
    assert Contact.objects.count() == 1
    # Everything the public pages load is our own (docs/security.md: no third-party requests).
    foreign = [url for url in requested if urlsplit(url).hostname not in {"localhost", "127.0.0.1"}]
    assert foreign == []


def test_a_person_registers_in_english(page, live_server, intake):
    page.goto("/sv/form/")
    page.get_by_role("link", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page, "the form in English")

    page.get_by_label("The magazine, by post").check()
    page.get_by_label("First name").fill("John")
    page.get_by_label("Last name").fill("O'Brien")
    page.get_by_label("Email address").fill("john@example.com")
    page.get_by_label("Postal code").fill("12")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "the form with errors in English")

    page.get_by_label("Street address").fill("Storgatan 1")
    page.get_by_label("Postal code").fill("831 30")
    page.get_by_label("Post town").fill("Östersund")
    page.get_by_label("I have read how my personal data is handled").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your registration")
    assert_accessible(page, "the thank-you page in English")
    contact = Contact.objects.get()
    assert contact.language == "en" and contact.magazine_orders.get().postal_code == "831 30"


def test_the_form_works_embedded_on_an_allowed_site_and_fits_its_frame(page, sites):
    allowed, _other = sites
    page.goto(allowed.origin)
    frame = page.frame_locator("iframe[data-inflytt-form]")
    expect(frame.get_by_label("Förnamn")).to_be_visible()
    # embed.js on the parent page resizes the frame to the height the form reports.
    expect(page.locator("iframe[data-inflytt-form]")).not_to_have_attribute("style", re.compile("height: ?300px"))
    fill_in_swedish(frame, email="embedded@example.se")
    frame.get_by_role("button", name=SEND).click()
    expect(frame.get_by_role("heading", level=1)).to_have_text("Tack för din anmälan")
    contact = Contact.objects.get()
    assert contact.source == Contact.Source.PARTY_SITE and contact.source_party.slug == "bracke"


def test_the_form_is_refused_in_a_frame_on_a_site_not_listed(page, sites):
    _allowed, other = sites
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text))
    page.goto(other.origin)
    page.wait_for_load_state("load")
    frame = page.frame_locator("iframe[data-inflytt-form]")
    expect(frame.get_by_label("Förnamn")).to_have_count(0)
    assert any("frame-ancestors" in text for text in blocked), blocked


def test_a_post_forged_from_a_site_not_listed_is_refused(page, sites, live_server):
    """Another site cannot post the form with the visitor's browser (docs/decisions/0003)."""
    _allowed, other = sites
    started = form_started_token(now=time.time() - 60)  # even with a valid start token
    page.goto(other.origin)
    page.set_content(
        f"<form method='post' action='{live_server.url}/sv/form/bracke/'>"
        "<input name='first_name' value='Spam'><input name='last_name' value='Bot'>"
        "<input name='email' value='spam@example.se'><input name='wants_guidance' value='on'>"
        "<input name='consent' value='on'><input name='preferred_channel' value='email'>"
        f"<input name='started' value='{started}'>"
        "<button>Go</button></form>"
    )
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state("load")
    assert Contact.objects.count() == 0


def test_the_coordinators_embed_page_is_accessible_and_makes_a_token(page, live_server, intake):
    from inflytt.accounts.models import Role
    from inflytt.testing import make_user
    from tests.e2e.helpers import sign_in_directly

    coordinator = make_user("coordinator", "region", Role.COORDINATOR)
    sign_in_directly(page, coordinator, live_server.url)
    page.goto("/intake/embed/")
    expect(page.get_by_label(re.compile("(Kod för inbäddning hos|Embed code for) Bräcke kommun"))).to_contain_text(
        "/sv/form/bracke/"
    )
    assert_accessible(page, "the embed page")
    page.get_by_label(re.compile("Vad nyckeln används till|What the token is for")).fill("Bräcke webb")
    page.get_by_role("button", name=re.compile("Skapa nyckel|Create token")).click()
    expect(page.get_by_role("status")).to_contain_text("Bräcke webb")
    assert_accessible(page, "the embed page with a new token")
