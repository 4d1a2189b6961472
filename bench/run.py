"""All the page benchmarks in one run: the lists, the card, the floor, the navigation badge and the search.

    .venv/bin/python bench/run.py --generate            # SQLite in bench/out/data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/run.py --generate

The pages and their hand-written SQL are in bench/lists.py, bench/card.py and bench/search.py (each can
be run alone); the timing, the floor page and the ratio table in bench/harness.py. This script runs
them on one data set with one logged-in client and prints one table (docs/requirements.md, Performance).
"""

from __future__ import annotations

import argparse
import sys

import card
import harness
import lists
import search


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_arguments(parser)
    lists.add_arguments(parser)
    search.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.search_only:  # the smaller data set's search timings (search.run_small) are search.py's
        return search.main(argv)
    client = harness.prepare(args)
    if client is None:
        return 2
    harness.print_header(args)
    failed = harness.print_table(harness.measure_cases(client, lists.cases(args) + card.cases(args), args))
    print()
    harness.print_extras(client, runs=args.runs)
    print()
    search.print_index_evidence(client, args.name_query)
    print()
    search.print_scaling(client, args)
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
