"""The register's look-ups are served by an index, checked on the plan the database chooses.

A look-up that reads the whole register costs nothing on a test database and 100+ ms on a real one
(issue 16: the registration's "is this email already a card?" walked all 100 000 cards on SQLite),
so the tests run EXPLAIN on the statements the real code sends and fail on a full scan.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inflytt.contacts import duplicates, services
from inflytt.contacts.models import Contact, ContactInterest, ContactMunicipality, Interest
from inflytt.contacts.selectors import SORTS, ContactFilters, contact_list, contacts_with_email
from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.intake.services import register_contact
from inflytt.intake.tests.test_register_contact import data as registration_data
from inflytt.parties.models import Party
from inflytt.privacy.selectors import find_person
from inflytt.testing import full_scans, query_plan, sorts

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
    # PostgreSQL may read an address from its prefix index (migration 0015) as well: also one entry.
    prefix = connection.vendor == "postgresql" and "contact_email_prefix" in plan
    assert "contact_unique_email" in plan or prefix, plan
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


def test_a_new_registration_reads_nothing_by_email(parties, register_with_cards):
    """Issue 16: the insert comes first and the unique index checks the address itself, so a new
    person's registration reads nothing by email (a known one reads its card once, above)."""
    with CaptureQueriesContext(connection) as queries:
        registration = register_contact(
            data=registration_data(parties, email="someone.new@example.se"), source="portal", form_label="t"
        )
    assert registration.created
    assert email_lookups(queries) == []


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


# --- The contact list: every filter under every sort ---------------------------------------------

GENERATED = 6_000

FILTERS: dict[str, dict[str, object]] = {
    "none": {},
    "search": {"query": "lind"},
    "municipality": {"municipalities": "ostersund"},
    "assigned": {"assigned_parties": "ostersund"},
    "status": {"statuses": ("new",)},
    "interest": {"interests": ("job",)},
    "source": {"sources": ("event",)},
    "registered from": {"registered_from": date(2025, 1, 1)},
    "registered to": {"registered_to": date(2022, 1, 1)},
    "assigned and status": {"assigned_parties": "ostersund", "statuses": ("new",)},
    "municipality and status": {"municipalities": "ostersund", "statuses": ("new",)},
}


def sorted_matches(filter_name: str, sort: str) -> bool:
    """The combinations whose matches are sorted rather than read in order, and why that is bounded:
    - the search: its matches come from the search index (FTS5 / trigram) in no useful order, and
      a search term narrows them to a few hundred (bench/run.py, (d));
    - a date range under another sort: one index cannot give a range of one column in the order of
      another; the range is as narrow as the guide chooses;
    - a party and a status under a sort other than the date (under the date sort an index gives
      them in order), and a municipality and a status under any: the planner may intersect the two
      lookups and sort the few rows in both."""
    if filter_name in ("search", "municipality and status"):
        return True
    if filter_name.startswith("registered") or filter_name == "assigned and status":
        return sort not in ("registered", "-registered")
    return False


@pytest.fixture
def generated_register(parties):
    """A register of GENERATED cards spread like the benchmark's (bench/generate.py), written in
    bulk: a planner's choice depends on the table's size and statistics, which a handful of cards
    made through the services does not give it. ANALYZE then gives the planner its statistics."""
    rng = random.Random(16)
    municipalities = [party for party in parties.values() if party.kind == Party.Kind.MUNICIPALITY]
    statuses, sources, interests = Contact.Status.values, Contact.Source.values, Interest.values
    now = timezone.now()
    cards = []
    for number in range(GENERATED):
        registered = now - timedelta(seconds=rng.random() * 6 * 365 * 86400)
        status = rng.choice(statuses)
        card = Contact(
            first_name=rng.choice(["Anna", "Lind", "Östen", "Karin", "Per"]),
            last_name=rng.choice(["Lindström", "Berg", "Åkesson", "Nilsson", "Lind"]) + str(number % 97),
            email=f"person{number}@example.se" if number % 20 else "",
            phone="+4670" + str(1_000_000 + number),
            assigned_party=rng.choice(municipalities),
            status=status,
            source=rng.choice(sources),
            registered_at=registered,
            first_response_due=(registered + timedelta(days=3)).date(),
            first_response_at=None if status == Contact.Status.NEW else registered + timedelta(hours=5),
            last_activity_at=registered,
        )
        card.refresh_derived_fields()
        cards.append(card)
    Contact.objects.bulk_create(cards, batch_size=1000)
    ContactMunicipality.objects.bulk_create(
        [ContactMunicipality(contact=card, party=card.assigned_party, position=0) for card in cards], batch_size=1000
    )
    ContactInterest.objects.bulk_create(
        [ContactInterest(contact=card, interest=rng.choice(interests)) for card in cards], batch_size=1000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return parties


def unbounded_reads(plan: str) -> list[str]:
    """The steps that read contacts_contact without an index condition bounding them (SQLite: a
    SCAN; PostgreSQL: a Seq Scan, or an index scan with no Index Cond, i.e. a walk of a whole index)."""
    if connection.vendor == "sqlite":
        return full_scans(plan, TABLE)
    steps = plan.splitlines()

    def details(number: int) -> list[str]:
        """The lines that describe step `number` (up to its first child step)."""
        found = []
        for following in steps[number + 1 :]:
            if "->" in following:
                break
            found.append(following)
        return found

    def depth(line: str) -> int:
        return len(line) - len(line.lstrip(" ->"))

    unbounded = []
    for number, step in enumerate(steps):
        if f" on {TABLE} " not in f"{step} " or "Scan" not in step:
            continue
        if "Bitmap Heap Scan" in step:
            # Bounded only when every bitmap it reads is: a Bitmap Index Scan with no Index Cond is
            # a whole (partial) index, and the heap scan's Recheck Cond then is the index's predicate.
            children = []
            for child, line in enumerate(steps[number + 1 :], start=number + 1):
                if "->" in line and depth(line) <= depth(step):
                    break
                if "Bitmap Index Scan" in line:
                    children.append(child)
            if any(not any("Index Cond" in detail for detail in details(child)) for child in children):
                unbounded.append(step)
        elif not any("Index Cond" in detail for detail in details(number)):
            unbounded.append(step)
    return unbounded


def list_plan_faults(plan: str, *, sort_allowed: bool) -> list[str]:
    """What makes a list plan read more than its page: the table read without any index, or its
    rows sorted after they are read (every match read to show 50). Allowed: an ordered walk of an
    index that stops after the page (SQLite SCAN ... USING INDEX, a PostgreSQL Index Scan with no
    sort above it); a sort only where `sort_allowed` (see SORTED_MATCHES) and then only of rows an
    index condition bounded."""
    unbounded = unbounded_reads(plan)
    faults = [step for step in unbounded if "USING" not in step and "Index" not in step]
    if sorts(plan) and (unbounded or not sort_allowed):
        faults += sorts(plan) + unbounded
    return faults


def test_every_filter_and_sort_of_the_list_is_served_by_an_index(generated_register):
    """Issue 16: "Each filter and sort the list offers has an index that serves it; a test runs
    EXPLAIN for each combination on a generated data set and fails on a full scan or a temporary
    sort of the whole table." Each filter is tried under each sort, and two filters together."""
    parties = generated_register
    faults = {}
    for name, given in FILTERS.items():
        values = {
            key: (parties[value].pk,) if key in ("municipalities", "assigned_parties") else value
            for key, value in given.items()
        }
        for sort in SORTS:
            rows = contact_list(filters=ContactFilters(sort=sort, **values))[:51]  # type: ignore[arg-type]
            plan = query_plan(rows)
            found = list_plan_faults(plan, sort_allowed=sorted_matches(name, sort))
            if found:
                faults[f"{name}, sorted by {sort}"] = plan
            assert list(rows)  # every combination has matches in the generated register
    assert not faults, "\n\n".join(f"{combination}:\n{plan}" for combination, plan in faults.items())


@pytest.mark.parametrize(
    "email",
    ["anna.berg+flytt@example.se", "Anna.Berg@gmail.com"],
    ids=["an address and its +tags", "a Gmail address, dots anywhere"],
)
def test_one_cards_duplicate_check_reads_the_register_through_indexes(generated_register, email):
    """The check that follows every registration (contacts.duplicates.candidates_of) reads each
    reason's block through an index: on PostgreSQL, email prefixes from contact_email_prefix (issue
    16's load run: 120 ms a card at 100 000 cards, which held back every receipt queued behind a
    burst's checks), and on both the name block from contact_duplicate_block (a DISTINCT over every
    card's city found the city's spellings before: 8-18 ms a card)."""
    card = make_contact(email=email, first_name="Anna", last_name="Åkesson3", current_city="Östersund")
    with CaptureQueriesContext(connection) as queries:
        duplicates.candidates_of(card)
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 3  # the email block, the phone, the name block
    faults = {sql: plan for sql in statements if unbounded_reads(plan := query_plan(sql))}
    assert not faults, "\n\n".join(f"{sql}\n{plan}" for sql, plan in faults.items())
