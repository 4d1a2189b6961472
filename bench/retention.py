"""Benchmark of the yearly retention (docs/requirements.md, Performance: "retention over the whole data set: chunked,
never one huge transaction, never loads all rows").

    .venv/bin/python bench/retention.py                                   # SQLite, bench/out/retention-data
    .venv/bin/python bench/retention.py --copy-from bench/out/data/inflytt.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_retention_bench .venv/bin/python bench/retention.py
    DATABASE_URL=... .venv/bin/python bench/retention.py --template inflytt_bench

The run deletes rows, so it works on a database of its own: never the developer's, never the
other benchmarks'. It takes the benchmark data set (generate.py: 100 000 contacts, 1 000 000
activities) from a copy (--copy-from a SQLite file, --template a PostgreSQL database) or generates
it, then makes exactly 20 % of the contacts stale (no activity for six years, one in ten of them a
confirmed newsletter subscriber) and everyone else recently active. It measures, each with
tracemalloc's peak of Python memory:

- the preview: counts per party (one grouped query) and the first page of the list;
- the run: propose, start and carry out, chunk by chunk (INFLYTT_RETENTION_CHUNK per transaction).

Time with tracemalloc on is slower than without: the preview is timed both ways, the run once
(--no-trace for its time without tracemalloc, on a fresh copy).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import common
import generate

DATA_DIR = common.OUT_DIR / "retention-data"
STALE_EVERY = 5  # one contact in five: 20 %
SUBSCRIBER_EVERY = 10  # of the stale ones, one in ten is a confirmed newsletter subscriber


def measure(action: Callable[[], Any], *, trace: bool) -> tuple[Any, float, int]:
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, elapsed, peak


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (safe while the source is in use)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def create_pg_database(url: str, template: str | None) -> None:
    import psycopg
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if template:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        elif not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def make_20_percent_stale() -> tuple[int, int, int]:
    """Stale: id divisible by 5; everything about them older than 6 years. Returns (contacts,
    stale, stale subscribers). Set with a few set-based UPDATEs (not measured)."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder, NewsletterSubscription

    now = timezone.now()
    old = now - timedelta(days=6 * 366)
    recent = now - timedelta(days=200)
    with transaction.atomic():
        stale = Contact.objects.alias(rest=F("id") % STALE_EVERY).filter(rest=0)
        stale_ids = stale.values("id")
        stale.update(registered_at=old, last_activity_at=old)
        Contact.objects.exclude(id__in=stale_ids).update(last_activity_at=recent)
        Activity.objects.filter(contact_id__in=stale_ids).update(occurred_at=old)
        Consent.objects.filter(contact_id__in=stale_ids).update(given_at=old)
        MagazineOrder.objects.filter(contact_id__in=stale_ids).update(ordered_at=old)
        NewsletterSubscription.objects.filter(contact_id__in=stale_ids).delete()
        subscribers = stale.alias(rest10=F("id") % (STALE_EVERY * SUBSCRIBER_EVERY)).filter(rest10=0)
        NewsletterSubscription.objects.bulk_create(
            NewsletterSubscription(contact_id=pk, created_at=old, confirmed_at=old)
            for pk in subscribers.values_list("id", flat=True).iterator()
        )
    return Contact.objects.count(), stale.count(), subscribers.count()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--copy-from", type=Path, help="a SQLite benchmark database to copy")
    parser.add_argument("--template", help="a PostgreSQL benchmark database to copy")
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument(
        "--no-trace", action="store_true", help="time the run without tracemalloc (which slows Python code down)"
    )
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL", "")
    if args.copy_from and not url:
        copy_sqlite(args.copy_from.resolve(), DATA_DIR / "inflytt.sqlite3")
    common.configure(DATA_DIR)
    if url:
        create_pg_database(url, args.template)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from inflytt.contacts.models import Activity, Contact
    from inflytt.privacy import services
    from inflytt.privacy.selectors import retention_cutoff, retention_list, retention_preview

    settings.INFLYTT_RETENTION_CHUNK = args.chunk
    call_command("migrate", verbosity=0)
    if not Contact.objects.exists():
        generate.ensure(contacts=args.contacts, activities=args.activities)
    print(f"Database: {common.describe_database()}")
    started = time.perf_counter()
    contacts, stale, subscribers = make_20_percent_stale()
    activities = Activity.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    print(f"Data: {contacts:,} contacts ({stale:,} stale = {100 * stale / contacts:.1f} %, {subscribers:,} of them")
    print(f"      confirmed subscribers), {activities:,} activities; prepared in {time.perf_counter() - started:.0f} s")

    cutoff = retention_cutoff()
    rows, preview_s, _ = measure(lambda: retention_preview(cutoff=cutoff), trace=False)
    _, _, preview_peak = measure(lambda: retention_preview(cutoff=cutoff), trace=True)
    first_page, list_s, list_peak = measure(lambda: list(retention_list(cutoff=cutoff)[:50]), trace=True)
    to_delete = sum(row.delete for row in rows)
    to_reduce = sum(row.reduce for row in rows)
    assert to_delete + to_reduce == stale, (to_delete, to_reduce, stale)
    assert len(first_page) == 50

    def run() -> Any:
        proposal = services.propose_retention()
        started_run = services.start_retention(run=proposal, acting_user=None)
        return services.execute_retention(run_id=started_run.pk)

    result, run_s, run_peak = measure(run, trace=not args.no_trace)
    deleted = sum(party["deleted"] for party in result.counts.values())
    reduced = sum(party["reduced"] for party in result.counts.values())
    left = Contact.objects.count()
    ok = deleted == to_delete and reduced == to_reduce and left == contacts - deleted
    chunks = -(-stale // args.chunk)

    lines = [
        f"Database: {common.describe_database()}",
        f"Data: {contacts:,} contacts, {activities:,} activities, {stale:,} stale (20 %), chunk {args.chunk}",
        "",
        f"{'step':<34}{'time':>10}{'peak Python memory':>22}",
        f"{'preview: counts per party':<34}{preview_s:>9.2f}s{preview_peak / 2**20:>19.2f} MiB",
        f"{'preview: first page of the list':<34}{list_s:>9.2f}s{list_peak / 2**20:>19.2f} MiB",
        f"{'run (tracemalloc ' + ('off)' if args.no_trace else 'on)'):<34}{run_s:>9.2f}s"
        + (f"{run_peak / 2**20:>19.2f} MiB" if not args.no_trace else f"{'-':>23}"),
        "",
        f"run: {deleted:,} deleted, {reduced:,} reduced to the newsletter, {left:,} contacts left,"
        f" {chunks} transactions of at most {args.chunk} contacts; "
        f"{'as previewed' if ok else 'MISMATCH with the preview'}",
        f"per contact handled: {1000 * run_s / max(stale, 1):.2f} ms",
    ]
    report = "\n".join(lines)
    print(report)
    out = common.OUT_DIR / f"retention-{connection.vendor}{'-untraced' if args.no_trace else ''}.txt"
    out.write_text(report + "\n")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
