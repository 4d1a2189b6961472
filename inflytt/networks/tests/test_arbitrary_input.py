"""Arbitrary Unicode in every field of the ambassador sign-up and the directory's filter never
gives a 500 (docs/security.md)."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inflytt.networks.tests.test_public import ORIGIN, sign_up_data

FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "party",
    "place",
    "languages",
    "offers",
    "sector",
    "interests",
    "availability",
    "share_phone",
    "consent",
    "website",
    "started",
]
text = st.text(max_size=300)
HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture
def generous_limit(settings, parties):
    settings.INFLYTT_INTAKE_RATE_LIMIT = 10_000
    return parties


@pytest.mark.django_db
@HYPOTHESIS
@given(values=st.fixed_dictionaries({name: text for name in FIELDS}), keep=st.sets(st.sampled_from(FIELDS)))
def test_arbitrary_text_in_the_sign_up_never_gives_a_500(generous_limit, values, keep):
    # Some fields keep a valid value so that the deeper checks (and the save) are reached too.
    data = sign_up_data(party=generous_limit["are"].pk)
    data.update({name: value for name, value in values.items() if name not in keep})
    assert Client().post("/sv/ambassadors/join/are/", data, HTTP_ORIGIN=ORIGIN).status_code < 500


@pytest.mark.django_db
@HYPOTHESIS
@given(value=text)
def test_arbitrary_text_in_the_directory_filter_never_gives_a_500(parties, value):
    assert Client().get("/sv/coworking/", {"municipality": value}).status_code < 500
    assert Client().get("/api/v1/coworking", {"municipality": value}).status_code < 500
