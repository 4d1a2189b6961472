"""Benchmark of the import of an old register (issue: "100 000 rows import in under 5 minutes on
SQLite with flat memory").

    .venv/bin/python bench/import.py                 # 100 000 rows, SQLite in bench/out/import-data
    .venv/bin/python bench/import.py --rows 20000

It writes a CSV file as the old CRM exports it (Windows-1252, `;`, Swedish headers and names,
municipalities, dates, newsletter flags, notes; one row in 50 repeats an earlier person's email,
so the in-file matching works too), then on a fresh database of its own:

1. the import (`import_contacts`: the validation pass over the whole file, then the chunked writes);
2. the same file again, which must create nothing (every row matches a card of the 100 000 now there).

Memory is the process's resident set size sampled after every chunk: "flat" means the last sample
is within 25 % of the one taken after the first 10 % of the file (Python's tracemalloc would slow
the run several times over). Prints MISSED when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
import unicodedata
from pathlib import Path

import common

DATA_DIR = common.OUT_DIR / "import-data"
TARGET_SECONDS = 300
FLAT_GROWTH = 1.25
SEED = 2026
HEADER = (
    "Extern id;Förnamn;Efternamn;E-post;Mobil;Postort;Intressekommun;Registrerad;Nyhetsbrev;Status;Flyttat;Anteckning"
)
MUNICIPALITIES = ["Bräcke", "Åre", "Östersund", "Krokom", "Strömsund", "Härjedalen", "Berg", "Ragunda", ""]
STATUSES = ["Ny", "Kontaktad", "I dialog", "Flyttat", "Flyttar inte", "Pausad", ""]
NOTES = ["", "", "Ringde om förskola och bostad i Järpen.", "Vill starta eget inom turism, tipsade om Almi."]


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def write_file(path: Path, rows: int) -> None:
    from faker import Faker

    fake = Faker("sv_SE")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    first_names = [fake.first_name() for _ in range(500)]
    last_names = [fake.last_name() for _ in range(500)]
    cities = [fake.city() for _ in range(200)]
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(HEADER + "\r\n")
        for number in range(rows):
            person = number if number % 50 or number == 0 else rng.randrange(number)
            first, last = first_names[person % 500], last_names[(person * 7) % 500]
            status = STATUSES[person % len(STATUSES)]
            moved = f"20{18 + person % 6}-0{1 + person % 9}-15" if status == "Flyttat" else ""
            kommun = ", ".join(dict.fromkeys(MUNICIPALITIES[(person + step) % 9] for step in range(person % 3)))
            registered = f"{1 + person % 28:02d}.{1 + person % 12:02d}.20{15 + person % 10}"
            phone = f"070-{person % 1000:03d} {person // 1000 % 100:02d} {person % 97:02d}"
            email = unicodedata.normalize("NFKD", f"{first}.{last}.{person}@example.se".lower().replace(" ", ""))
            email = email.encode("ascii", "ignore").decode()
            out.write(
                f"K{person};{first};{last};{email};{phone};{cities[person % 200]};{kommun.strip(', ')};"
                f"{registered};{'ja' if person % 4 == 0 else 'nej'};{status};{moved};{NOTES[person % 4]}\r\n"
            )


def run_import(path: Path) -> tuple[dict, float, list[float]]:
    from inflytt.intake.importer import services

    samples: list[float] = []
    cpu = time.process_time()
    started = time.perf_counter()
    with path.open("rb") as stream:
        result = services.import_contacts(
            stream=stream, file_name=path.name, progress=lambda phase, rows: samples.append(rss_mb())
        )
    elapsed = time.perf_counter() - started
    return result.as_dict(), elapsed, time.process_time() - cpu, samples


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    if os.environ.get("DATABASE_URL"):
        sys.exit("This benchmark measures SQLite: unset DATABASE_URL.")
    for name in ("inflytt.sqlite3", "inflytt.sqlite3-wal", "inflytt.sqlite3-shm"):
        (DATA_DIR / name).unlink(missing_ok=True)
    common.configure(DATA_DIR)
    from django.core.management import call_command

    from inflytt.contacts.models import Contact
    from inflytt.parties.services import load_reference_parties

    call_command("migrate", verbosity=0)
    load_reference_parties()
    print(common.describe_database())
    path = common.OUT_DIR / f"import-{args.rows}.csv"
    started = time.perf_counter()
    write_file(path, args.rows)
    size = path.stat().st_size / 1e6
    print(f"file: {path.name}, {args.rows} rows, {size:.1f} MB, written in {time.perf_counter() - started:.1f} s")

    missed = False
    for label in ("import", "again"):
        result, elapsed, cpu, samples = run_import(path)
        errors = len(result.pop("errors"))
        early = samples[max(0, len(samples) // 10 - 1)]
        growth = samples[-1] / early
        print(
            f"{label:<7} {elapsed:7.1f} s (CPU {cpu:.1f} s)  {args.rows / elapsed:7.0f} rows/s  "
            f"{result} errors={errors}  "
            f"RSS {early:.0f} MB at 10 % -> {samples[-1]:.0f} MB at the end (x{growth:.2f}), "
            f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB"
        )
        if elapsed > TARGET_SECONDS:
            print(f"MISSED: {label} took over {TARGET_SECONDS} s")
            missed = True
        if growth > FLAT_GROWTH:
            print(f"MISSED: memory grew x{growth:.2f} during the {label}")
            missed = True
        if label == "again" and result["new"]:
            print("MISSED: the second import created cards")
            missed = True
    print(f"cards: {Contact.objects.count()}")
    print("all targets met" if not missed else "some targets MISSED")


if __name__ == "__main__":
    main()
