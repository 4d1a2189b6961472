"""The reports on the benchmark data set: the quarterly report (HTML, then PDF), the dashboard and a
guide's start page with its party's quarter, with their times and query counts.

    .venv/bin/python bench/reports.py                       # SQLite in bench/out/data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/reports.py

Run bench/run.py --generate first. Targets (issue 11): the HTML report under 1 s and at most 30
queries; the dashboard under 300 ms. "MISSED" is printed for a target missed. Also printed: the
report's own reads (selectors.build_report) without the request, the template or the charts, so a
miss can be placed. Charts are cached by their content (reports.charts); the "charts not cached"
rows clear the cache before every run, as after a change to the figures.
"""

from __future__ import annotations

import argparse
import statistics

import common
from harness import logged, timed
from queues import guide_client

TARGETS = {"html": (1000.0, 30), "dashboard": (300.0, None)}


def median_ms(action, runs: int, warmup: int) -> float:  # type: ignore[no-untyped-def]
    for _ in range(warmup):
        action()
    return statistics.median(timed(action)[0] for _ in range(runs))


def user_client(role: str):  # type: ignore[no-untyped-def]
    from django.test import Client

    from inflytt.accounts.models import User
    from inflytt.parties.models import Party
    from inflytt.testing import login_verified

    email = f"bench.reports.{role}@bench.example"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, party=Party.objects.get(slug="region"), role=role, first_name="Rapport", last_name="Bänk"
    )
    return login_verified(Client(), user)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--period", default="2026Q3", help="the quarter measured (the data ends 1 Nov 2026)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    common.configure()
    from django.core.management import call_command

    from inflytt.accounts.models import Role
    from inflytt.contacts.models import Contact
    from inflytt.reports.periods import parse_period
    from inflytt.reports.selectors import build_report

    call_command("migrate", verbosity=0)
    if not Contact.objects.exists():
        print("No benchmark data: run bench/run.py --generate first.")
        return 2
    steering = user_client(Role.STEERING)
    coordinator = user_client(Role.COORDINATOR)
    _guide, guide = guide_client("ostersund")
    period = parse_period(args.period)

    def get(client, url: str):  # type: ignore[no-untyped-def]
        def page() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")

        return page

    from django.core.cache import cache

    def cold(action):  # type: ignore[no-untyped-def]
        def run() -> None:
            cache.clear()  # the benchmark's own cache (bench/out/data): every chart drawn again
            action()

        return run

    cases = [
        ("html", "report HTML, whole programme (steering)", get(steering, f"/reports/{period.key}/all/")),
        ("html", "  the same, charts not cached", cold(get(steering, f"/reports/{period.key}/all/"))),
        ("html", "report HTML, whole programme (coordinator)", get(coordinator, f"/reports/{period.key}/all/")),
        ("html", "report HTML, Östersund (coordinator)", get(coordinator, f"/reports/{period.key}/ostersund/")),
        ("pdf", "report PDF, whole programme (steering)", get(steering, f"/reports/{period.key}/all/report.pdf")),
        ("pdf", "  the same, charts not cached", cold(get(steering, f"/reports/{period.key}/all/report.pdf"))),
        ("xlsx", "report XLSX, whole programme (steering)", get(steering, f"/reports/{period.key}/all/report.xlsx")),
        ("dashboard", "dashboard, this quarter (steering)", get(steering, "/reports/")),
        ("dashboard", f"dashboard, {period.key} (steering)", get(steering, f"/reports/?period={period.key}")),
        ("dashboard", "  the same, charts not cached", cold(get(steering, f"/reports/?period={period.key}"))),
        ("start", "guide's start page, Östersund", get(guide, "/guidance/")),
        ("reads", f"build_report({period.key}) alone", lambda: build_report(period=period)),
    ]
    print(f"Database: {common.describe_database()}")
    print(f"Data: {Contact.objects.count():,} contacts; period {period.key}; median of {args.runs} runs")
    print(f"{'':<46}{'ms':>9}{'queries':>9}  verdict")
    missed = False
    for kind, name, action in cases:
        ms = median_ms(action, args.runs, args.warmup)
        queries = logged(action).queries
        verdict = ""
        if kind in TARGETS:
            limit_ms, limit_queries = TARGETS[kind]
            problems = [f"> {limit_ms:.0f} ms"] if ms > limit_ms else []
            if limit_queries is not None and queries > limit_queries:
                problems.append(f"> {limit_queries} queries")
            verdict = "MISSED: " + ", ".join(problems) if problems else "OK"
            missed = missed or bool(problems)
        print(f"{name:<46}{ms:>9.1f}{queries:>9}  {verdict}")
    print("Targets: HTML report < 1 s and <= 30 queries; dashboard < 300 ms.")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
