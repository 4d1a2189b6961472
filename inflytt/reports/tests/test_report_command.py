"""`manage.py report`: the JSON keys the issue names, the same numbers as the page, and the files."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from inflytt.contacts.tests.factories import contact
from inflytt.reports.periods import parse_period
from inflytt.reports.presentation import STEERING, present
from inflytt.reports.selectors import build_report

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")
KEYS: tuple[str, ...] = ("registrations", "households_moved", "persons_moved", "magazine_orders", "first_responses")
KEYS += ("first_responses_in_time",)


@pytest.fixture
def q4(parties):
    for slug, count in (("bracke", 1), ("are", 4), ("ostersund", 6)):
        for day in range(count):
            contact(municipalities=(slug,), registered_at=datetime(2026, 10, 5 + day, 9, tzinfo=TZ))


def run(tmp_path, *args):
    out = tmp_path / "out.bin"
    call_command("report", *args, "--output", str(out))
    return out.read_bytes()


def test_json_has_the_documented_keys(q4, tmp_path):
    data = json.loads(run(tmp_path, "2026Q4"))
    assert data["period"] == {"from": "2026-10-01", "to": "2026-12-31"}
    for key in KEYS:
        assert set(data[key]) >= {"total", "by_party"}
        assert isinstance(data[key]["total"], int)
        assert set(data[key]["by_party"]) == {
            "region",
            "berg",
            "bracke",
            "harjedalen",
            "krokom",
            "ragunda",
            "stromsund",
            "are",
            "ostersund",
        }


def test_json_defaults_to_steering_and_matches_the_page(q4, tmp_path):
    data = json.loads(run(tmp_path, "2026Q4"))
    assert data["audience"] == "steering"
    # Bräcke's 1 is suppressed, and Åre's 4 with it (the smallest other cell); the total stays 11.
    assert data["registrations"]["total"] == 11
    assert data["registrations"]["by_party"]["bracke"] is None
    assert data["registrations"]["by_party"]["are"] is None
    assert data["registrations"]["by_party"]["ostersund"] == 6
    # The breakdown under the total is suppressed the same way.
    assert data["registrations"]["breakdowns"]["municipality_of_interest"] == {
        "bracke": None,
        "are": None,
        "ostersund": 6,
    }
    page = present(build_report(period=parse_period("2026Q4")), audience=STEERING).as_json()
    assert data == json.loads(json.dumps(page))


def test_staff_and_one_party(q4, tmp_path):
    data = json.loads(run(tmp_path, "2026-10-01..2026-12-31", "--party", "bracke", "--audience", "staff"))
    assert data["registrations"] == {
        "total": 1,
        "by_party": {"bracke": 1},
        "breakdowns": {"source": {"portal": 1}, "campaign": {"": 1}, "municipality_of_interest": {"bracke": 1}},
    }


def test_pdf_and_xlsx(q4, tmp_path):
    assert run(tmp_path, "2026", "--format", "pdf").startswith(b"%PDF")
    assert run(tmp_path, "2026Q4", "--format", "xlsx", "--party", "are").startswith(b"PK")


def test_a_bad_period_or_party_is_an_error(parties):
    with pytest.raises(CommandError):
        call_command("report", "2026Q9")
    with pytest.raises(CommandError):
        call_command("report", "2026Q4", "--party", "nowhere")
