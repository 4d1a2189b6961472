"""A guide's day (issue 4): the queue, a call that answers the person, a transfer, a move.

The 2025 agreement, Bilaga 4 (docs/requirements.md): "Kontakten ska få svar inom 5 arbetsdagar" - the person gets a
first response within 5 working days; every dialogue is documented on the card.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inflytt.contacts.models import Activity, Contact
from tests.e2e.helpers import add_activity, assert_accessible, log_in, ui

pytestmark = pytest.mark.browser


def test_the_queue_empties_when_the_guide_calls(page, guide, oesten):
    log_in(page, guide)
    page.get_by_role("navigation").locator("a[href='/guidance/']").click()
    expect(page).to_have_url(re.compile("/guidance/$"))
    unanswered = page.locator("section.queue-section").first
    expect(unanswered.get_by_role("link", name="Östen Ågren")).to_be_visible()
    assert_accessible(page, "the queues page")

    unanswered.get_by_role("link", name="Östen Ågren").click()
    add_activity(page, "call", "Ringde och hälsade välkommen.")
    expect(page.locator(".facts").first).to_contain_text(re.compile(r"\((i tid|in time)\)"))

    page.goto("/guidance/")
    expect(page.locator("section.queue-section").first.get_by_role("link", name="Östen Ågren")).to_have_count(0)
    oesten.refresh_from_db()
    assert oesten.first_response_at is not None and oesten.first_response_in_time


def test_transfer_and_moving_status_from_the_card(page, guide, oesten):
    log_in(page, guide)
    page.goto(f"/contacts/{oesten.pk}/")
    assert_accessible(page, "the card with its actions")

    page.get_by_role("link", name=ui("Moving status")).click()
    page.locator("#id_status").select_option("moved")
    page.get_by_role("button", name=ui("Save")).click()
    # Moved without date and municipality: the error summary and the fields say so, nothing saved.
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_moved_on_error")).to_be_visible()
    assert_accessible(page, "the status form with errors")
    assert Contact.objects.get(pk=oesten.pk).status == Contact.Status.NEW

    page.locator("#id_moved_on").fill(timezone.localdate().isoformat())
    page.locator("#id_moved_to").select_option("bracke")
    page.locator("#id_moved_household_size").fill("3")
    page.get_by_role("button", name=ui("Save")).click()
    expect(page).to_have_url(re.compile(f"/contacts/{oesten.pk}/$"))
    expect(page.locator("h1 .status")).to_have_text(ui("Moved"))

    page.get_by_role("link", name=ui("Transfer")).click()
    page.locator("#id_to_party").select_option("are")
    page.get_by_role("button", name=ui("Transfer")).click()
    expect(page.locator("#id_note_error")).to_be_visible()  # a transfer needs a note
    assert_accessible(page, "the transfer form with errors")
    page.locator("#id_note").fill("Har fått jobb i Åre.")
    page.get_by_role("button", name=ui("Transfer")).click()
    expect(page).to_have_url(re.compile(f"/contacts/{oesten.pk}/$"))
    expect(page.locator(".timeline")).to_contain_text("Har fått jobb i Åre.")
    oesten.refresh_from_db()
    assert oesten.assigned_party.slug == "are"
    assert oesten.activities.filter(kind=Activity.Kind.TRANSFER).count() == 1
