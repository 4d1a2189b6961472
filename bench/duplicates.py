"""Benchmark of the likely duplicates (issue 13: the list computed every pair on each view, 18 s
at 98 000 cards).

    .venv/bin/python bench/duplicates.py                       # a copy of bench/out/data
    .venv/bin/python bench/duplicates.py --copy-from /path/to/inflytt.sqlite3 --runs 9

The refresh writes, so it runs on a copy of the benchmark data set (generate.py: 100 000 contacts)
in bench/out/duplicates-data (or INFLYTT_BENCH_OUT), made through SQLite's backup API, migrated
to this branch. It measures, with CPU time beside the wall time (the machine may be shared):

1. the whole-register refresh twice: first into an empty table, then again with nothing new
   (the nightly run), and the comparison alone (what the list used to do on every view);
2. the check of one card (the task queued when a card is created or changed): median of --runs cards;
3. the list page through the whole HTTP stack for a coordinator and for a guide, page 1 and a
   page further on: medians of --runs, with the number of SQL queries.
Prints MISSED when the list takes over TARGET_LIST_CPU_MS of CPU time (the wall time is printed
too, but on a shared machine it measures the neighbours as much as the page) or its queries grow
with the page.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common
from retention import copy_sqlite

DATA_DIR = common.OUT_DIR / "duplicates-data"
TARGET_LIST_CPU_MS = 300
SEED = 13


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    cpu, started = time.process_time(), time.perf_counter()
    result = action()
    return time.perf_counter() - started, time.process_time() - cpu, result


def median_ms(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, _result = timed(action)
        walls.append(wall * 1000)
        cpus.append(cpu * 1000)
    return statistics.median(walls), statistics.median(cpus)


class QueryCounter(list[str]):
    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.append(sql)
        return execute(sql, params, many, context)


def client_for(role: str, party_slug: str) -> Any:
    from django.test import Client

    from inflytt.accounts.models import User
    from inflytt.parties.models import Party
    from inflytt.testing import login_verified

    email = f"bench.{role}.{party_slug}@bench.example"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, party=Party.objects.get(slug=party_slug), role=role, first_name="Bench", last_name=role
    )
    return login_verified(Client(), user)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copy-from", type=Path, default=common.DEFAULT_DATA_DIR / "inflytt.sqlite3")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    copy_sqlite(args.copy_from.resolve(), DATA_DIR / "inflytt.sqlite3")
    print(f"copied {args.copy_from} in {time.perf_counter() - started:.1f} s")
    common.configure(DATA_DIR)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from inflytt.accounts.models import Role
    from inflytt.contacts import duplicates
    from inflytt.contacts.models import Contact, DuplicateCandidate

    wall, cpu, _ = timed(lambda: call_command("migrate", verbosity=0))
    print(common.describe_database())
    print(f"migrate (the pairs' table, the phone and city indexes): {wall:.1f} s (CPU {cpu:.1f} s)")
    cards = Contact.objects.count()
    print(f"cards: {cards}")

    wall, cpu, found = timed(duplicates.duplicate_candidates)
    print(f"comparison alone (the old list's work on every view): {wall:.1f} s (CPU {cpu:.1f} s), {len(found)} pairs")
    del found
    for label in ("refresh, empty table", "refresh, nothing new"):
        wall, cpu, result = timed(duplicates.refresh_candidates)
        print(f"{label}: {wall:.1f} s (CPU {cpu:.1f} s)  {result}")
    by_reason = dict(DuplicateCandidate.objects.order_by().values_list("reason").annotate(n=Count("pk")))
    print(f"stored pairs by reason: {by_reason}")

    rng = random.Random(SEED)
    ids = list(Contact.objects.order_by().values_list("pk", flat=True))
    sample = [rng.choice(ids) for _ in range(args.runs)]
    checks = iter(sample)
    wall, cpu = median_ms(lambda: duplicates.check_contact(contact_id=next(checks)), args.runs)
    print(
        f"check of one card (the task after a change): median {wall:.1f} ms (CPU {cpu:.1f} ms) over {args.runs} cards"
    )

    missed = False
    for role, party in ((Role.COORDINATOR, "region"), (Role.GUIDE, "ostersund")):
        client = client_for(role, party)
        for page in (1, 5):
            url = f"/contacts/duplicates/?page={page}"
            response = client.get(url)  # warm-up; the session is loaded
            assert response.status_code == 200, response.status_code
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                client.get(url)
            wall, cpu = median_ms(lambda url=url, client=client: client.get(url), args.runs)
            rows = response.content.decode().count("/merge/")
            print(
                f"list {role:<11} page {page}: median {wall:6.1f} ms (CPU {cpu:.1f} ms), "
                f"{len(queries)} queries, {rows} rows of {settings.CONTACTS_PER_PAGE}"
            )
            if cpu > TARGET_LIST_CPU_MS:
                print(f"MISSED: the list took over {TARGET_LIST_CPU_MS} ms of CPU time")
                missed = True
            if page == 1:
                first_queries = len(queries)
            elif len(queries) != first_queries:
                print(f"MISSED: page {page} ran {len(queries)} queries, page 1 ran {first_queries}")
                missed = True
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")
    print("all targets met" if not missed else "some targets MISSED")


if __name__ == "__main__":
    main()
