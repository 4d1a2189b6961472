"""The 2025 agreement, Bilaga 4 (docs/requirements.md): "Kontakten ska få svar inom 5 arbetsdagar" - the queues that
keep it."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inflytt.contacts import services
from inflytt.contacts.tests.factories import contact
from inflytt.guidance import selectors

STHLM = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 3, 10)  # a Tuesday


def registered(day: int) -> datetime:
    return datetime(2026, 3, day, 10, 0, tzinfo=STHLM)


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


@pytest.mark.django_db
def test_queues_sort_by_due_date_and_split_due_soon_and_overdue(personas):
    guide = personas["guide_bracke"]
    late = contact(municipalities=("bracke",), registered_at=registered(2))  # due Mon 9 March
    soon = contact(municipalities=("bracke",), registered_at=registered(4))  # due Wed 11 March
    fresh = contact(municipalities=("bracke",), registered_at=registered(9))  # due Mon 16 March
    contact(municipalities=("are",), registered_at=registered(2))  # another party's
    assert ids(selectors.queue(user=guide, name="unanswered", today=TODAY)) == [late.pk, soon.pk, fresh.pk]
    assert ids(selectors.queue(user=guide, name="overdue", today=TODAY)) == [late.pk]
    assert ids(selectors.queue(user=guide, name="due_soon", today=TODAY)) == [soon.pk]
    assert selectors.queue_counts(user=guide, today=TODAY) == {
        "unanswered": 3,
        "due_soon": 1,
        "overdue": 1,
        "transferred": 0,
        "mine": 0,
    }


@pytest.mark.django_db
def test_a_logged_call_takes_the_contact_out_of_the_queue_but_a_note_does_not(personas):
    guide = personas["guide_bracke"]
    person = contact(municipalities=("bracke",), registered_at=registered(9))
    services.add_activity(contact=person, kind="note", body="Ska ringa", acting_user=guide)
    assert ids(selectors.queue(user=guide, name="unanswered", today=TODAY)) == [person.pk]
    services.add_activity(contact=person, kind="call", body="Ringde", acting_user=guide)
    assert ids(selectors.queue(user=guide, name="unanswered", today=TODAY)) == []


@pytest.mark.django_db
def test_the_region_handles_the_undecided(personas):
    """The 2025 agreement, Bilaga 4 (docs/requirements.md R5, R7): "Regionen ansvarar för att uppdatera
    de som inte valt specifik kommun": the region handles the contacts without a municipality."""
    undecided = contact(registered_at=registered(9))
    assert ids(selectors.queue(user=personas["guide_region"], name="undecided", today=TODAY)) == [undecided.pk]
    assert "undecided" not in selectors.visible_queues(personas["guide_bracke"])


@pytest.mark.django_db
def test_assigned_to_me(personas):
    from inflytt.guidance.services import assign_contact

    guide = personas["guide_are"]
    person = contact(municipalities=("bracke",))
    assign_contact(contact=person, guide=guide, acting_user=guide)  # across municipal borders
    assert ids(selectors.queue(user=guide, name="mine")) == [person.pk]


@pytest.mark.django_db
def test_queues_page_shows_the_queues_and_the_figures(client_for):
    contact(municipalities=("bracke",), first_name="Östen")
    response = client_for("guide_bracke").get("/guidance/")
    assert response.status_code == 200
    assert "Östen" in response.content.decode()
    assert response.context["level"].registered == 1


@pytest.mark.django_db
def test_queues_page_query_count_does_not_grow_with_rows(client_for):
    """Intended to prevent an n+1 issue."""
    guide = client_for("guide_bracke")
    contact(municipalities=("bracke",))
    guide.get("/guidance/")  # the first visit also builds the party's quarter figures (kept a few minutes)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert guide.get("/guidance/").status_code == 200
        return len([q for q in captured if "SAVEPOINT" not in q["sql"]])

    few = queries()
    for _ in range(15):
        contact(municipalities=("bracke",))
    assert queries() == few


@pytest.mark.django_db
def test_service_level_figures(personas):
    guide = personas["guide_bracke"]
    in_time = contact(municipalities=("bracke",), registered_at=registered(2))
    late = contact(municipalities=("bracke",), registered_at=registered(2))
    contact(municipalities=("bracke",), registered_at=registered(2))  # due the 9th, open on the 10th
    services.add_activity(contact=in_time, kind="call", occurred_at=registered(4), acting_user=guide)
    services.add_activity(contact=late, kind="sms", occurred_at=registered(10), acting_user=guide)
    level = selectors.service_level(party=guide.party, start=date(2026, 3, 1), end=date(2026, 3, 31), today=TODAY)
    assert (level.registered, level.answered, level.in_time, level.open_overdue) == (3, 2, 1, 1)
    assert level.share_in_time == 0.5
    assert level.median_working_days == 4  # 2 and 6 working days


@pytest.mark.django_db
def test_the_navigation_counts_are_the_queues_and_read_only_the_index(personas):
    """Issue 16: the badge on every page cost ~50 ms a cache miss; it reads the party's index entries."""
    from inflytt.testing import full_scans, query_plan

    guide = personas["guide_bracke"]
    contact(municipalities=("bracke",), registered_at=registered(2))  # overdue
    contact(municipalities=("bracke",), registered_at=registered(9))
    contact(municipalities=("are",), registered_at=registered(2))  # another party's
    answered = contact(municipalities=("bracke",), registered_at=registered(3))
    services.add_activity(contact=answered, kind="call", body="Ringde", acting_user=guide)
    counts = selectors.queue_counts(user=guide, today=TODAY)
    assert (
        selectors.navigation_counts(user=guide, today=TODAY)
        == {
            "unanswered": counts["unanswered"],
            "overdue": counts["overdue"],
        }
        == {"unanswered": 2, "overdue": 1}
    )
    with CaptureQueriesContext(connection) as captured:
        selectors.navigation_counts(user=guide, today=TODAY)
    (query,) = captured.captured_queries
    plan = query_plan(query["sql"])
    assert not full_scans(plan, "contacts_contact"), plan
    if connection.vendor == "sqlite":
        assert plan.count("COVERING INDEX contact_unanswered_status") == 2, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort of the party's rows before the limit
    else:  # on a table this small PostgreSQL may take either index of the party; never the whole table
        assert len(re.findall(r"Index Cond: \(+assigned_party_id =", plan)) == 2, plan


@pytest.mark.django_db
def test_the_navigation_counts_stop_one_past_what_the_badge_shows(personas, monkeypatch):
    """Issue 16: "Counts never scan more than they show". The badge shows "99+" beyond 99
    (core/templatetags/navigation.py), so each count reads at most 100 index entries."""
    guide = personas["guide_bracke"]
    for _ in range(4):
        contact(municipalities=("bracke",), registered_at=registered(2))  # overdue
    monkeypatch.setattr(selectors, "BADGE_LIMIT", 2)
    assert selectors.navigation_counts(user=guide, today=TODAY) == {"unanswered": 3, "overdue": 3}
    with CaptureQueriesContext(connection) as captured:
        selectors.navigation_counts(user=guide, today=TODAY)
    (query,) = captured.captured_queries
    assert query["sql"].count("LIMIT 3") == 2


# sqlite_stat1 of the benchmark's register (100 000 contacts, a quarter unanswered; bench/generate.py
# ends with ANALYZE): what the planner believes of each index decides which it takes.
BENCH_STATISTICS = {
    "contact_duplicate_block": "100000 506",
    "contact_phone": "85075 1",
    "contact_unanswered_status": "24931 2771 3 3 3 3",
    "contact_source_name": "100000 16667 36 2 1",
    "contact_party_due": "100000 11112 6 1",
    "contact_party_name": "100000 11112 24 2 1",
    "contact_party_registered": "100000 11112 1 1",
    "contact_status_newest": "100000 16667 1 1",
    "contact_party_status_newest": "100000 11112 1852 1 1",
    "contact_moved": "9762 5",
    "contact_first_response": "100000 2",
    "contact_last_activity": "100000 1",
    "contact_due": "100000 46",
    "contact_guide": "100000 3572 596",
    "contact_name": "100000 205 2",
    "contact_source": "100000 16667 1",
    "contact_registered": "100000 1 1",
    "contacts_contact_source_party_id_7bc4e6d5": "100000 10000",
    "contacts_contact_moved_to_id_597f3b97": "100000 10000",
    "contacts_contact_assigned_party_id_2c46c30a": "100000 11112",
    "contacts_contact_assigned_guide_id_f6621885": "100000 3572",
    "contact_unique_email": "95775 1",
}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics; PostgreSQL's plan is checked above")
def test_the_badge_of_a_party_with_nothing_waiting_reads_none_of_the_others_entries(personas):
    """Issue 16, found on the benchmark data: believing its statistics (ANALYZE counts the NULL entries
    of contact_first_response, every unanswered contact, as two rows a value), SQLite read every
    party's unanswered along that index to find 100 of one party's: 10 ms for a small party, the
    whole index for a party with none. That index holds only answered contacts now (the reports'
    periods never need the others), so the badge reads the party's entries of contact_unanswered_status."""
    from inflytt.testing import query_plan

    contact(municipalities=("are",), registered_at=registered(2))  # another party's, unanswered
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for index, stat in BENCH_STATISTICS.items():
            cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = %s", [index])
            cursor.execute("INSERT INTO sqlite_stat1 VALUES ('contacts_contact', %s, %s)", [index, stat])
        cursor.execute("ANALYZE sqlite_schema")  # loads the statistics just written
    with CaptureQueriesContext(connection) as captured:
        counts = selectors.navigation_counts(user=personas["guide_bracke"], today=TODAY)
    assert counts == {"unanswered": 0, "overdue": 0}
    plan = query_plan(captured.captured_queries[-1]["sql"])
    assert plan.count("COVERING INDEX contact_unanswered_status (assigned_party_id=?") == 2, plan


@pytest.mark.django_db
def test_a_page_still_answers_with_its_badge_while_the_cache_is_away(client_for, settings):
    """Issue 16's load test: while Redis restarted, every staff page answered 500 because the
    navigation badge reads the cache. A cache that refuses connections must cost only the caching."""
    contact(municipalities=("bracke",))
    guide = client_for("guide_bracke")
    settings.CACHES = {  # nothing listens on port 1: every cache call is refused
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = guide.get("/contacts/")
    assert response.status_code == 200
    assert '<span class="badge">1<' in response.text
