"""The name search: EXPLAIN of every query the list page runs for a name, an email and a phone number
(the index must be used, contacts_contact never scanned), and how the search scales with the register
(the same searches on a smaller data set and without the index).

    .venv/bin/python bench/search.py [--generate] [--small-contacts 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/search.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import common
import generate
import harness
from harness import PER_PAGE, captured_queries, explain, fold_term, is_full_scan, measure, run_raw, timed
from lists import orm_list, raw_list, search_ids


def index_verdict(plan: list[str]) -> tuple[bool, bool]:
    """(the search index is used, contacts_contact is read in full)."""
    text = "\n".join(plan)
    indexed = "contacts_contact_fts VIRTUAL TABLE INDEX" in text or "contact_search_trgm" in text
    return indexed, any(is_full_scan(line) for line in plan)


def search_queries(client: Any, term: str) -> list[str]:
    """The SQL the list page ran for a search: those that read search_text or the FTS table."""
    return [
        sql
        for sql in captured_queries(client, "/contacts/?" + urlencode({"q": term}))
        if "contacts_contact_fts" in sql or "search_text" in sql
    ]


def forced_scan_ms(term: str, runs: int) -> float:
    """The same search without its index, for scale: LIKE on SQLite, index scans off on PostgreSQL."""
    from django.db import connection, transaction

    from inflytt.lib.text import fold

    folded = fold(term)
    sql = (
        "SELECT c.id FROM contacts_contact c WHERE c.search_text LIKE %s "
        f"ORDER BY c.registered_at DESC, c.id DESC LIMIT {PER_PAGE}"
    )
    params = ["%" + folded + "%"]
    times = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute("SET LOCAL enable_indexscan = off")
        run_raw(sql, params)
        for _ in range(runs):
            times.append(timed(lambda: run_raw(sql, params))[0])
    return statistics.median(times)


def search_timings(client: Any, terms: list[str], runs: int, warmup: int) -> dict[str, dict[str, float]]:
    """Page and raw time of a plain search, per term (for the comparison across data sizes)."""
    timings = {}
    for term in terms:
        result = measure(
            term,
            client,
            "/contacts/?" + urlencode({"q": term}),
            raw_list(term=fold_term(term)),
            search_ids(query=term),
            orm=orm_list({"q": term}),
            runs=runs,
            warmup=warmup,
            id_column=0,
            peer_kind="search",  # no peer here: this table compares data sizes
        )
        timings[term] = {
            "page_ms": result.page_ms,
            "raw_ms": result.raw_ms,
            "matches": float(count_matches(term)),
            "queries": float(result.queries),
        }
    return timings


def count_matches(term: str) -> int:
    from inflytt.contacts.selectors import ContactFilters, contact_list

    return contact_list(filters=ContactFilters(query=term)).count()


def small_database_env(contacts: int) -> dict[str, str]:
    """The environment of a second, smaller data set: its own SQLite dir or PostgreSQL database."""
    env = dict(os.environ)
    url = env.get("DATABASE_URL")
    if not url:
        return env
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{contacts}"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    return env


def run_small(args: argparse.Namespace, terms: list[str]) -> tuple[int, dict[str, dict[str, float]]] | None:
    contacts = args.small_contacts
    activities = max(contacts * 10, common.CARD_ACTIVITIES)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--search-only",
        "--generate",
        "--contacts",
        str(contacts),
        "--activities",
        str(activities),
        "--runs",
        str(args.runs),
        "--data-dir",
        str(common.OUT_DIR / f"data-{contacts}"),
        *[arg for term in terms for arg in ("--term", term)],
    ]
    done = subprocess.run(  # noqa: S603 - our own script
        command, env=small_database_env(contacts), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(f"(the {contacts:,}-contact comparison failed: {done.stderr.strip()[-400:]})")
        return None
    return contacts, json.loads(done.stdout.strip().splitlines()[-1])


def print_index_evidence(client: Any, name_query: str) -> None:
    """(d) EXPLAIN every search query the page ran, for a name, an email and a phone number."""
    from inflytt.contacts.models import Contact

    contacts, _activities = generate.existing_size()
    print("(d) search uses the index (EXPLAIN of the queries the list page ran)")
    sample = Contact.objects.exclude(phone="").exclude(email="").order_by("id")[contacts // 2 :][:1].get()
    probes = {
        "name": name_query,
        "email": sample.email.split("@")[0][:12],
        "phone": sample.phone[:9],
    }
    for kind, term in probes.items():
        for sql in search_queries(client, term):
            plan = explain(sql)
            indexed, full_scan = index_verdict(plan)
            verdict = "OK" if indexed and not full_scan else "NOT INDEXED" if not indexed else "INDEX + FULL SCAN"
            statement = "COUNT" if "COUNT(" in sql.upper() else "rows"
            print(f"  {kind:<5} q={term!r:<16} {statement:<5} {verdict}")
            for line in plan:
                print(f"        {line}")


def print_scaling(client: Any, args: argparse.Namespace) -> None:
    """The same searches on a smaller data set, and without the index."""
    contacts, _activities = generate.existing_size()
    terms = [args.name_query, common.CARD_EMAIL]  # the card's address: one match at any data size
    print("Search by data size (raw ms is the indexed query; page ms the whole list page)")
    large = search_timings(client, terms, args.runs, args.warmup)
    sizes = [(contacts, large)]
    if args.small_contacts and args.small_contacts < contacts:
        small = run_small(args, terms)
        if small is not None:
            sizes.insert(0, small)
    print(f"  {'q':<28} {'contacts':>9} {'matches':>8} {'page ms':>8} {'raw ms':>8} {'queries':>8}")
    for term in terms:
        for size, timings in sizes:
            t = timings[term]
            print(
                f"  {term:<28} {size:>9,} {int(t['matches']):>8,} {t['page_ms']:8.1f} {t['raw_ms']:8.2f} "
                f"{int(t['queries']):>8}"
            )
        print(f"  {term:<28} {contacts:>9,} {'no index':>8} {'':>8} {forced_scan_ms(term, args.runs):8.2f}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--small-contacts", type=int, default=10_000, help="second data size for the search timing (0: skip)"
    )
    parser.add_argument("--search-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--term", action="append", default=[], help=argparse.SUPPRESS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_arguments(parser)
    add_arguments(parser)
    parser.add_argument("--name-query", default="lindström", help="name for the plain search")
    args = parser.parse_args(argv)
    client = harness.prepare(args, quiet=args.search_only)
    if client is None:
        return 2
    if args.search_only:  # a child of run_small(): the timings as JSON
        print(json.dumps(search_timings(client, args.term, args.runs, args.warmup)))
        return 0
    harness.print_header(args)
    print_index_evidence(client, args.name_query)
    print()
    print_scaling(client, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
