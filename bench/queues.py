"""The guides' queues on the benchmark data set, against hand-written SQL for the same rows.

    .venv/bin/python bench/queues.py                       # SQLite in bench/out/data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/queues.py

Run bench/run.py --generate first. Two pages of a guide of Östersund (the largest party):
the full "not yet answered" queue (50 rows, paginated, with its total) and the start page with
all queues (counts, ten rows each, the quarter's service level).
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date

import common
from harness import logged, run_raw, timed

PER_PAGE = 50
PREVIEW = 10


def guide_client(party_slug: str):  # type: ignore[no-untyped-def]
    from django.test import Client

    from inflytt.accounts.models import Role, User
    from inflytt.parties.models import Party
    from inflytt.testing import login_verified

    email = f"bench.queue.{party_slug}@bench.example"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, party=Party.objects.get(slug=party_slug), role=Role.GUIDE, first_name="Kö", last_name="Bänk"
    )
    return user, login_verified(Client(), user)


def unanswered_sql(party_id: int, limit: int) -> tuple[str, list[object]]:
    return (
        "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.preferred_channel, c.status,"
        " c.first_response_due, p.name, g.first_name, g.last_name"
        " FROM contacts_contact c JOIN parties_party p ON p.id = c.assigned_party_id"
        " LEFT JOIN accounts_user g ON g.id = c.assigned_guide_id"
        " WHERE c.assigned_party_id = %s AND c.first_response_at IS NULL"
        " AND c.first_response_due IS NOT NULL"
        " AND (c.status NOT IN ('not_moving', 'moved') OR c.requested_again_at IS NOT NULL)"
        " ORDER BY c.first_response_due, c.registered_at, c.id LIMIT %s",
        [party_id, limit],
    )


def unanswered_count_sql(party_id: int) -> tuple[str, list[object]]:
    return (
        "SELECT COUNT(*) FROM contacts_contact c WHERE c.assigned_party_id = %s AND c.first_response_at IS NULL"
        " AND c.first_response_due IS NOT NULL"
        " AND (c.status NOT IN ('not_moving', 'moved') OR c.requested_again_at IS NOT NULL)",
        [party_id],
    )


def median_ms(action, runs: int, warmup: int) -> float:  # type: ignore[no-untyped-def]
    for _ in range(warmup):
        action()
    return statistics.median(timed(action)[0] for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--party", default="ostersund")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    common.configure()
    from django.core.management import call_command

    from inflytt.contacts.models import Contact

    call_command("migrate", verbosity=0)

    if not Contact.objects.exists():
        print("No benchmark data: run bench/run.py --generate first.")
        return 2
    user, client = guide_client(args.party)
    party_id = user.party_id

    def get(url: str):  # type: ignore[no-untyped-def]
        def page() -> None:
            if client.get(url).status_code != 200:
                raise SystemExit(f"{url} failed")

        return page

    rows_sql, rows_params = unanswered_sql(party_id, PER_PAGE)
    count_sql, count_params = unanswered_count_sql(party_id)
    preview_sql, preview_params = unanswered_sql(party_id, PREVIEW)

    def raw_queue() -> None:
        run_raw(count_sql, count_params)
        run_raw(rows_sql, rows_params)

    from django.utils import timezone

    today = timezone.localdate()
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    period = (
        " FROM contacts_contact c WHERE c.assigned_party_id = %s AND c.registered_at >= %s"
        " AND c.first_response_due IS NOT NULL"
    )

    def raw_start() -> None:
        # The least the start page needs: the counts, ten rows for each of its two tables, and
        # the quarter's service level (its totals and the answered contacts' dates).
        run_raw(count_sql, count_params)
        for _ in range(2):
            run_raw(preview_sql, preview_params)
        run_raw("SELECT COUNT(*)" + period, [party_id, quarter])
        run_raw(
            "SELECT c.registered_at, c.first_response_at, c.first_response_due"
            + period
            + " AND c.first_response_at IS NOT NULL",
            [party_id, quarter],
        )

    print(f"Database: {common.describe_database()}")
    print(f"Data: {Contact.objects.count():,} contacts; guide of {user.party.name}; median of {args.runs} runs")
    print(f"{'page':<34}{'page ms':>10}{'raw ms':>10}{'ratio':>8}{'queries':>9}")
    for name, url, raw in (
        ("queue: not yet answered (50 rows)", "/guidance/queue/unanswered/", raw_queue),
        ("start page: all queues", "/guidance/", raw_start),
    ):
        page = get(url)
        page_ms = median_ms(page, args.runs, args.warmup)
        raw_ms = median_ms(raw, args.runs, args.warmup)
        queries = logged(page).queries
        print(f"{name:<34}{page_ms:>10.1f}{raw_ms:>10.1f}{page_ms / raw_ms:>8.1f}{queries:>9}")
    print(f"(today {today.isoformat()}; targets: ratio 3, queries 10)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
