"""The public registration's statements, through the whole stack (issue 16).

docs/requirements.md, Performance: "a public registration, end to end through the HTTP stack, within 2x a
minimal view that inserts one row in one transaction, and not growing with the register"; the issue adds
"with at most 10 queries" for the form and the API alike.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from inflytt.contacts.models import Contact
from inflytt.intake.services import issue_api_token
from inflytt.intake.tests.helpers import post_form

pytestmark = pytest.mark.django_db

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def statements(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)
    ]


def test_a_form_post_runs_at_most_ten_statements(parties):
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = post_form(client, email="ny.person@example.se", wants_newsletter="on")
    assert response.status_code == 303
    sql = statements(captured)
    # One read of the active parties (the form's party, its choices, the region), then the writes:
    # the card, municipalities, interests, registration activity, audit row, subscription, consents,
    # owed mails, and the form's re-post guard (models.SentForm, in the same transaction instead of
    # two cache writes). No look-up by email before the insert (the unique index decides).
    assert len(sql) == 10, "\n".join(statement[:100] for statement in sql)
    assert sum(1 for statement in sql if statement.startswith("SELECT")) == 1
    assert Contact.objects.filter(email_normalised="ny.person@example.se").count() == 1


def test_an_api_post_runs_at_most_ten_statements(parties):
    _row, token = issue_api_token(party=parties["bracke"], name="queries")
    client = Client()
    body = {
        "first_name": "Ny",
        "last_name": "Person",
        "email": "api.person@example.se",
        "municipalities": ["bracke", "are"],
        "interests": ["job", "housing"],
        "wants_guidance": True,
        "consent": True,
    }
    client.post(  # the token's first use records it (at most every 5 minutes): not the steady state
        "/api/v1/registrations",
        {**body, "email": "first@example.se"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/api/v1/registrations", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
    assert response.status_code == 201
    sql = statements(captured)
    # The token, the active parties, then the writes as the form's plus the token's link to the card.
    assert len(sql) == 10, "\n".join(statement[:100] for statement in sql)


def test_a_known_address_costs_one_more_read_not_a_second_card(parties):
    client = Client()
    post_form(client, email="kand@example.se")
    with CaptureQueriesContext(connection) as captured:
        response = post_form(client, email="KAND@example.se ", message="Igen")
    assert response.status_code == 303
    assert len(statements(captured)) <= 10 + 4  # the refused insert, the card read and the merge's writes
    assert Contact.objects.filter(email_normalised="kand@example.se").count() == 1
