"""Segments: AND across conditions, OR within one, evaluated live. The 2025 agreement, Bilaga 4 (docs/requirements.md):
"Det går att göra bra urval så att varje inbjudan hamnar med relevant information hos rätt individ"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inflytt.contacts.models import NewsletterSubscription
from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Segment
from inflytt.mailings.selectors import segment_contacts

pytestmark = pytest.mark.django_db


def members(**conditions) -> set[str]:
    return {person.first_name for person in segment_contacts(Segment(name="x", conditions=conditions))}


@pytest.fixture
def people(parties):
    ada = contact(first_name="Ada", municipalities=("bracke", "are"), interests=("job",), children=2)
    bo = contact(first_name="Bo", municipalities=("are",), interests=("housing",), language="en", status="moved")
    cy = contact(first_name="Cy", interests=("job", "housing"), current_country="NO", utm_campaign="vinter")
    NewsletterSubscription.objects.create(contact=ada, confirmed_at=timezone.now())
    NewsletterSubscription.objects.create(contact=bo)
    return {"ada": ada, "bo": bo, "cy": cy, "parties": parties}


def test_conditions_combine_with_and_values_within_one_with_or(people):
    bracke, are = people["parties"]["bracke"].pk, people["parties"]["are"].pk
    assert members(municipalities=[bracke, are]) == {"Ada", "Bo"}
    assert members(municipalities=[are], interests=["job"]) == {"Ada"}
    assert members(interests=["job", "housing"]) == {"Ada", "Bo", "Cy"}
    assert members(interests=["job"], languages=["en"]) == set()
    assert members() == {"Ada", "Bo", "Cy"}


def test_every_kind_of_condition(people):
    assert members(moved=["yes"]) == {"Bo"}
    assert members(moved=["no"]) == {"Ada", "Cy"}
    assert members(moved=["yes", "no"]) == {"Ada", "Bo", "Cy"}
    assert members(has_children=["yes"]) == {"Ada"}
    assert members(countries=["NO"]) == {"Cy"}
    assert members(campaigns=["vinter"]) == {"Cy"}
    assert members(newsletter=["active"]) == {"Ada"}
    assert members(newsletter=["pending", "none"]) == {"Bo", "Cy"}
    assert members(assigned_parties=[people["parties"]["region"].pk]) == {"Cy"}
    assert members(statuses=["moved"]) == {"Bo"}
    assert members(sources=["portal"]) == {"Ada", "Bo", "Cy"}
    today = timezone.localdate()
    assert members(registered_from=(today - timedelta(days=1)).isoformat(), registered_to=today.isoformat()) == {
        "Ada",
        "Bo",
        "Cy",
    }
    assert members(registered_to=(today - timedelta(days=1)).isoformat()) == set()


def test_the_live_count_is_one_query_without_duplicates(people):
    """A person matching two values of one condition is counted once (EXISTS, not a join)."""
    segment = Segment(name="x", conditions={"municipalities": [p.pk for p in people["parties"].values()]})
    with CaptureQueriesContext(connection) as queries:
        assert segment_contacts(segment).count() == 2
    assert len(queries) == 1


def test_the_segment_page_shows_the_live_count_and_builds_from_the_form(client_for, people):
    client = client_for("guide_are")
    response = client.post(
        "/mailings/segments/new/",
        {"name": "Jobb i Åre", "municipalities": [str(people["parties"]["are"].pk)], "interests": ["job"]},
    )
    assert response.status_code == 302
    segment = Segment.objects.get(name="Jobb i Åre")
    assert segment.conditions == {"municipalities": [people["parties"]["are"].pk], "interests": ["job"]}
    page = client.get(response["Location"]).content.decode()
    assert 'id="segment-count">1 ' in page and "Ada" in page
    # The edit form shows what was chosen.
    edit = client.get(f"/mailings/segments/{segment.pk}/edit/").content.decode()
    assert re.search(r'<input[^>]*value="job"[^>]*checked', edit)


def test_a_segment_without_a_name_or_with_a_reversed_period_is_refused(client_for, parties):
    response = client_for("guide_are").post(
        "/mailings/segments/new/", {"name": "", "registered_from": "2026-05-01", "registered_to": "2026-04-01"}
    )
    assert response.status_code == 400
    assert not Segment.objects.exists()
