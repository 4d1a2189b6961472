"""Benchmark: a mailing to N recipients into a loopback SMTP server (docs/requirements.md,
Performance: streamed, memory flat, 500+ mails/s per worker; a segment's live count under 1 s).

    .venv/bin/python bench/mailing.py                       # the benchmark data set, 100 000 contacts
    .venv/bin/python bench/mailing.py --sizes 2000,10000     # quicker

The benchmark data set (bench/out/data, made by bench/run.py --generate) is copied to
bench/out/mailing-data first, so the deliveries and card activities this run writes never change
the data set the other benchmarks measure. Without it, a smaller set is generated and the
output says so. The SMTP server (aiosmtpd) runs in its own process, so tracemalloc counts only
the sending worker. One worker sends (the figure is per worker); it runs the same code as the
task queue's worker: delivery.materialise (the segment evaluated at send time) then delivery.run.
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import common

MAILING_DATA = common.OUT_DIR / "mailing-data"
FALLBACK_CONTACTS = 20_000

SMTP_SERVER = r"""
import asyncio, sys
from aiosmtpd.controller import Controller

class Count:
    received = 0
    async def handle_DATA(self, server, session, envelope):
        Count.received += 1
        return "250 OK"

controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
controller.stop()
print(Count.received, flush=True)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_data(source: Path, target: Path) -> bool:
    """Copy the benchmark database (consistently, with SQLite's backup API). False when absent."""
    source_db = source / "inflytt.sqlite3"
    if not source_db.exists():
        return False
    target.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (target / f"inflytt.sqlite3{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source_db) as src, sqlite3.connect(target / "inflytt.sqlite3") as dst:
        src.backup(dst)
    return True


def segment_of_size(size: int):  # type: ignore[no-untyped-def]
    """A segment of about `size` contacts: those registered since a date (a real condition)."""
    from inflytt.contacts.models import Contact
    from inflytt.mailings.models import Segment

    dates = Contact.objects.order_by("-registered_at").values_list("registered_at", flat=True)
    edge = dates[size - 1] if Contact.objects.count() > size else None
    conditions = {"registered_from": edge.date().isoformat()} if edge else {}
    return Segment.objects.create(name=f"bench {size}", conditions=conditions)


def live_count(repeat: int = 5) -> tuple[float, int]:
    """A realistic segment (municipalities OR, interests OR, statuses, has children): median ms."""
    from inflytt.mailings.models import Segment
    from inflytt.mailings.selectors import segment_contacts
    from inflytt.parties.models import Party

    municipalities = list(Party.objects.filter(kind="municipality").values_list("pk", flat=True)[:3])
    segment = Segment(
        name="count",
        conditions={
            "municipalities": municipalities,
            "interests": ["job", "housing"],
            "statuses": ["new", "contacted", "in_dialogue"],
            "has_children": ["yes"],
        },
    )
    times, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = segment_contacts(segment).count()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count


def send(size: int, *, trace: bool) -> dict[str, float]:
    from django.utils import timezone

    from inflytt.mailings import delivery, status
    from inflytt.mailings.models import Delivery, Mailing

    segment = segment_of_size(size)
    mailing = Mailing.objects.create(
        name=f"bench {size}",
        purpose=Mailing.Purpose.GUIDANCE,
        segment=segment,
        subject_sv="Hej {first_name}!",
        body_sv="Välkommen till **{municipality}**.\n\n- Jobb\n- Boende\n\n[Läs mer](https://example.se/)",
        subject_en="Hello {first_name}!",
        body_en="Welcome to **{municipality}**.",
        status=Mailing.Status.SCHEDULED,
        scheduled_at=timezone.now(),
    )
    status.begin_sending(mailing.pk)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    recipients = delivery.materialise(mailing)
    queued = time.perf_counter()
    delivery.run(mailing.pk)
    done = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    sent = Delivery.objects.filter(mailing=mailing, state=Delivery.State.SENT).count()
    return {
        "recipients": recipients,
        "sent": sent,
        "materialise_s": queued - started,
        "send_s": done - queued,
        "mails_per_s": sent / (done - queued) if done > queued else 0.0,
        "peak_mib": peak / 2**20,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="two (or more) segment sizes, comma-separated")
    parser.add_argument("--source", type=Path, default=common.DEFAULT_DATA_DIR, help="benchmark data set to copy")
    parser.add_argument("--no-trace", action="store_true", help="skip tracemalloc (it slows Python down)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]

    copied = prepare_data(args.source, MAILING_DATA)
    common.configure(MAILING_DATA)
    from django.conf import settings
    from django.core.management import call_command

    from inflytt.contacts.models import Contact

    call_command("migrate", verbosity=0)
    if not copied or not Contact.objects.exists():
        import generate

        from inflytt.parties.services import load_reference_parties

        load_reference_parties()
        print(
            f"NOTE: no benchmark data set at {args.source}: generated {FALLBACK_CONTACTS:,} contacts instead "
            f"(run bench/run.py --generate for the 100 000 of docs/requirements.md)."
        )
        generate.generate(contacts=FALLBACK_CONTACTS, activities=common.CARD_ACTIVITIES, out=lambda _line: None)
    total = Contact.objects.count()
    print(f"Database: {common.describe_database()}, {total:,} contacts")
    # Other benchmarks or test runs on the same machine slow every figure down: say so.
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SMTP_SERVER, str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.INFLYTT_MAILING_RATE_PER_SECOND = 0

    count_ms, count = live_count()
    print(
        f"Segment live count (3 municipalities x 2 interests x 3 statuses x children): {count:,} in {count_ms:.0f} ms"
    )
    try:
        # Warm up (templates, translation catalogues, first connections) outside the measurement,
        # so the peaks compare what grows with the segment, not what is loaded once.
        send(50, trace=False)
        for size in sizes:
            result = send(min(size, total), trace=not args.no_trace)
            print(
                f"Segment of {size:,}: {result['recipients']:,} recipients, {result['sent']:,} sent; "
                f"queued in {result['materialise_s']:.1f} s, sent in {result['send_s']:.1f} s = "
                f"{result['mails_per_s']:.0f} mails/s (1 worker"
                + (", under tracemalloc" if not args.no_trace else "")
                + ")"
                + (f"; peak traced memory {result['peak_mib']:.1f} MiB" if not args.no_trace else "")
            )
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        received = server.stdout.read().strip()
        server.wait(timeout=30)
    print(f"The SMTP server received {received} mails.")


if __name__ == "__main__":
    main()
