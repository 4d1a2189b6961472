"""The register's look-ups are served by an index, checked on the plan the database chooses.

A look-up that reads the whole register costs nothing on a test database and 100+ ms on a real one
(issue 16: the registration's "is this email already a card?" walked all 100 000 cards on SQLite),
so the tests run EXPLAIN on the statements the real code sends and fail on a full scan.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inflytt.contacts import services
from inflytt.contacts.models import Contact
from inflytt.contacts.selectors import contacts_with_email
from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.intake.services import register_contact
from inflytt.intake.tests.test_register_contact import data as registration_data
from inflytt.privacy.selectors import find_person
from inflytt.testing import full_scans, query_plan

pytestmark = pytest.mark.django_db

TABLE = "contacts_contact"


def email_lookups(queries: CaptureQueriesContext) -> list[str]:
    """The statements that find a card by its normalised email (not the INSERT/UPDATE that write it)."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith("SELECT") and '"email_normalised" =' in query["sql"]
    ]


def assert_uses_unique_email_index(sql: object) -> None:
    plan = query_plan(sql)
    assert "contact_unique_email" in plan, plan
    assert not full_scans(plan, TABLE), plan


@pytest.fixture
def register_with_cards(parties):
    # Cards without an email (the partial index leaves them out) and with one, before the one looked up.
    for number in range(5):
        make_contact(email="", phone=f"+4670123450{number}")
        make_contact()
    return make_contact(email="Returning.Person@Example.se")


def test_the_one_lookup_by_email_uses_the_partial_unique_index(register_with_cards):
    assert list(contacts_with_email("returning.person@example.se")) == [register_with_cards]
    assert list(contacts_with_email("")) == []  # the cards without an email are no one's match
    assert_uses_unique_email_index(contacts_with_email("returning.person@example.se"))
    # Without the exclude() that restates the index condition, SQLite cannot use the partial index:
    # this is the full scan the helper exists to avoid (PostgreSQL infers it and uses the index).
    if connection.vendor == "sqlite":
        plain = Contact.objects.filter(email_normalised="returning.person@example.se")
        assert "contact_unique_email" not in query_plan(plain)


def test_a_registration_finds_the_returning_person_through_the_index(parties, register_with_cards):
    with CaptureQueriesContext(connection) as queries:
        registration = register_contact(
            data=registration_data(parties, email=" returning.PERSON@example.se"), source="portal", form_label="t"
        )
    assert not registration.created and registration.contact == register_with_cards
    lookups = email_lookups(queries)
    assert lookups
    for sql in lookups:
        assert_uses_unique_email_index(sql)


def test_a_new_registration_checks_the_email_through_the_index(parties, register_with_cards):
    with CaptureQueriesContext(connection) as queries:
        registration = register_contact(
            data=registration_data(parties, email="someone.new@example.se"), source="portal", form_label="t"
        )
    assert registration.created
    lookups = email_lookups(queries)
    assert lookups  # the look-up before the insert and the service's uniqueness check
    for sql in lookups:
        assert_uses_unique_email_index(sql)


def test_an_edit_checks_the_email_is_free_through_the_index(personas, register_with_cards):
    card = register_with_cards
    with CaptureQueriesContext(connection) as queries:
        services.update_contact(
            contact=card,
            data={"email": "moved.on@example.se"},
            version=card.version,
            acting_user=personas["coordinator"],
        )
    lookups = email_lookups(queries)
    assert lookups
    for sql in lookups:
        assert_uses_unique_email_index(sql)


def test_the_privacy_search_for_a_person_uses_the_index(register_with_cards):
    with CaptureQueriesContext(connection) as queries:
        assert find_person(email="RETURNING.person@example.se ") == register_with_cards
    (sql,) = email_lookups(queries)
    assert_uses_unique_email_index(sql)
