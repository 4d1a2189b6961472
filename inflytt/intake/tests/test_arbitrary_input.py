"""Arbitrary Unicode in every field of the form and the API never gives a 500 (docs/security.md)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inflytt.intake.services import issue_api_token
from inflytt.intake.tests.helpers import ORIGIN, form_data

FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_channel",
    "current_city",
    "current_country",
    "adults",
    "children",
    "occupation",
    "interests",
    "municipalities",
    "message",
    "wants_guidance",
    "wants_magazine",
    "wants_newsletter",
    "postal_street",
    "postal_code",
    "postal_city",
    "postal_country",
    "consent",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "website",
    "started",
]
text = st.text(max_size=300)
HYPOTHESIS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture
def generous_limit(settings, parties):
    settings.INFLYTT_INTAKE_RATE_LIMIT = 10_000
    settings.INFLYTT_API_RATE_LIMIT = 10_000


@pytest.mark.django_db
@HYPOTHESIS
@given(values=st.fixed_dictionaries({name: text for name in FIELDS}), keep=st.sets(st.sampled_from(FIELDS)))
def test_arbitrary_text_in_the_form_never_gives_a_500(generous_limit, values, keep):
    # Some fields keep a valid value so that the deeper checks (and the save) are reached too.
    data = form_data()
    data.update({name: value for name, value in values.items() if name not in keep})
    response = Client().post("/sv/form/bracke/", data, HTTP_ORIGIN=ORIGIN)
    assert response.status_code < 500


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=6,
)
API_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_channel",
    "language",
    "municipalities",
    "adults",
    "children",
    "current_city",
    "current_country",
    "occupation",
    "interests",
    "message",
    "wants_guidance",
    "wants_magazine",
    "postal_address",
    "wants_newsletter",
    "consent",
    "source",
    "utm_source",
    "utm_medium",
    "utm_campaign",
]


@pytest.mark.django_db
@HYPOTHESIS
@given(values=st.dictionaries(st.sampled_from(API_FIELDS), json_value | text, max_size=len(API_FIELDS)))
def test_arbitrary_json_in_the_api_never_gives_a_500(generous_limit, parties, values):
    _row, token = issue_api_token(party=parties["bracke"], name="hypothesis")
    body = {"first_name": "Åsa", "last_name": "Öberg", "email": "asa@example.se", "consent": True}
    body.update(values)
    response = Client().post(
        "/api/v1/registrations", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code < 500, response.content
