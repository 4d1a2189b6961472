"""The guide's everyday round: find a person, open the card, document the call."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from inflytt.contacts.models import Activity
from tests.e2e.helpers import add_activity, go_to_contacts, log_in, open_card, search_contacts, ui

pytestmark = pytest.mark.browser

CALL_NOTES = "Ringde Östen: söker förskola i Bräcke, återkommer på fredag om lägenheten på Ågatan."


def test_guide_finds_a_contact_by_name_and_logs_a_call_on_the_card(page, guide, oesten):
    log_in(page, guide)
    go_to_contacts(page)
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(3)

    # Typed in lower case: "östen" finds "Östen".
    search_contacts(page, "östen")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Östen Ågren")
    expect(rows.first).to_contain_text("Bräcke")
    open_card(page, "Östen Ågren")
    expect(page).to_have_url(re.compile(f"/contacts/{oesten.pk}/$"))

    add_activity(page, "call", CALL_NOTES)

    expect(page).to_have_url(re.compile(f"/contacts/{oesten.pk}/$"))
    expect(page.get_by_role("status").get_by_text(ui("The activity was added to the card."))).to_be_visible()
    entry = page.locator(".timeline li").filter(has_text=CALL_NOTES)
    expect(entry).to_have_count(1)
    expect(entry.locator(".activity-head strong")).to_have_text(ui("Phone call"))
    assert Activity.objects.filter(contact=oesten, kind="call", body=CALL_NOTES, author=guide).count() == 1
