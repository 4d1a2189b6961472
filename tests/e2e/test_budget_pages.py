"""axe-core over the budget pages (issue 7), in their normal and error states."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from inflytt.accounts.models import Role
from inflytt.budget.services import load_budget_reference
from inflytt.parties.services import load_reference_parties
from inflytt.testing import make_user
from tests.e2e.helpers import ERROR_SUMMARY, assert_accessible, sign_in_directly, ui

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(transactional_db):
    load_reference_parties()
    load_budget_reference()
    user = make_user("coordinator", "region", Role.COORDINATOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_the_budget_pages_have_no_axe_violations(page, live_server, coordinator, tmp_path):
    sign_in_directly(page, coordinator, live_server.url)
    page.goto("/budget/")
    assert_accessible(page, "the budget years")
    page.goto("/budget/2025/")
    expect(page.locator("h1")).to_contain_text("2025")
    assert_accessible(page, "the 2025 budget and its allocation")

    page.goto("/budget/2025/lines/new/")
    page.locator("#id_hours").fill("-3")
    page.get_by_role("button", name=ui("Save")).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_visible()
    assert_accessible(page, "a budget line with errors")

    page.goto("/budget/2025/cost-key/")
    assert_accessible(page, "the cost key")

    page.goto("/budget/2025/outcome/edit/")
    page.locator("input[name$='_q1']").first.fill("-1")
    page.get_by_role("button", name=ui("Save")).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_visible()
    assert_accessible(page, "the outcome form with errors")

    bad = tmp_path / "utfall.csv"
    bad.write_text("område;kvartal;belopp\ncrm;5;abc\n", encoding="utf-8")
    page.goto("/budget/2025/outcome/import/")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name=ui("Import")).click()
    expect(page.locator(".error-summary table")).to_be_visible()
    assert_accessible(page, "an outcome file with problems")

    page.goto("/budget/2025/outcome/")
    expect(page).to_have_url(re.compile("/budget/2025/outcome/$"))
    assert_accessible(page, "budget and outcome")
