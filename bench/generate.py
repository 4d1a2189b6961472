"""Generate the benchmark data set (docs/requirements.md, Performance).

    .venv/bin/python bench/generate.py                      # 100 000 contacts, 1 000 000 activities
    .venv/bin/python bench/generate.py --contacts 10000 --activities 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/generate.py

Without DATABASE_URL the data goes to SQLite in bench/out/data (never the developer's database).
Rows are written with bulk_create in chunks, so the services are bypassed: the derived columns
(search_text, email_normalised) are set here through Contact.refresh_derived_fields(), and on
SQLite the FTS5 table is filled by its insert trigger. One contact (CARD_EMAIL) gets exactly
1 000 activities, spread through the insert order like a real timeline.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import common

CHUNK = 5_000
SEED = 2026
# A fixed "now" keeps the data set identical from run to run.
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
YEARS = 6

STATUS_WEIGHTS = {
    "new": 25,
    "contacted": 20,
    "in_dialogue": 20,
    "moved": 10,
    "not_moving": 15,
    "paused": 10,
}
SOURCE_WEIGHTS = {"portal": 50, "party_site": 25, "event": 10, "import": 5, "manual": 8, "api": 2}
MAIL_DOMAINS = ["gmail.com", "outlook.com", "hotmail.se", "telia.com", "icloud.com", "example.se"]
CITIES = ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Umeå", "Sundsvall", "Oslo", "Trondheim", "Berlin"]
SUBJECTS = ["", "", "Jobb", "Bostad", "Förskola", "Uppföljning", "Inflyttarträff", "Eget företag"]
BODIES = [
    "Ringde och presenterade mig. Familjen vill flytta till sommaren, söker hus nära skola.",
    "Skickade information om lediga jobb inom vården och kontakt till rekryteringsansvarig.",
    "Träffades på inflyttarträffen. Intresserad av coworking och distansarbete.",
    "Frågade om förskoleplats; hänvisade till kommunens barnomsorg.",
    "Vill starta eget inom turism. Tipsade om Almi och nyföretagarcentrum.",
    "Ingen svarade, lämnade meddelande på röstbrevlådan.",
    "Mejlade länkar om bostäder och hyresvärdar i kommunen.",
    "Paret har fått jobb och flyttar i augusti. Erbjöd kontakt med platsambassadör.",
    "",
]
GUIDES_PER_PARTY = 3


def _weighted(rng: random.Random, weights: dict[str, int]) -> Callable[[], str]:
    keys, values = list(weights), list(weights.values())
    return lambda: rng.choices(keys, values)[0]


def existing_size() -> tuple[int, int]:
    from inflytt.contacts.models import Activity, Contact

    return Contact.objects.count(), Activity.objects.count()


def _wipe() -> None:
    """Empty the benchmark tables (PostgreSQL; on SQLite the file is removed before set-up)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE contacts_activity, contacts_contactinterest, contacts_contactmunicipality, "
            "contacts_consent, contacts_newslettersubscription, contacts_magazineorder, contacts_contact, "
            "privacy_auditevent RESTART IDENTITY CASCADE"
        )


def _guides(rng: random.Random, fake) -> dict[int, list[int]]:  # type: ignore[no-untyped-def]
    """A few guides per party (ids by party id); the bench user logs in as one of them later."""
    from django.contrib.auth.hashers import make_password

    from inflytt.accounts.models import Role, User
    from inflytt.parties.models import Party

    password = make_password(None)  # unusable: nobody logs in with a password here
    wanted = []
    for party in Party.objects.all():
        for n in range(GUIDES_PER_PARTY):
            email = f"guide{n}.{party.slug}@bench.example"
            if not User.objects.filter(email=email).exists():
                wanted.append(
                    User(
                        email=email,
                        password=password,
                        party=party,
                        role=Role.GUIDE,
                        first_name=fake.first_name(),
                        last_name=fake.last_name(),
                    )
                )
    User.objects.bulk_create(wanted)
    by_party: dict[int, list[int]] = {}
    for user_id, party_id in User.objects.filter(email__endswith="@bench.example").values_list("id", "party_id"):
        by_party.setdefault(party_id, []).append(user_id)
    return by_party


def phone_number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.15:
        return ""
    prefix = rng.choice("02369")
    if kind < 0.35:
        return f"+46 7{prefix} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return f"07{prefix}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def generate(*, contacts: int, activities: int, seed: int = SEED, out: Callable[[str], None] = print) -> None:
    """Write `contacts` contacts and `activities` activities (the tables must be empty)."""
    from django.db import connection, transaction
    from django.utils.text import slugify
    from faker import Faker

    from inflytt.contacts.demo import OCCUPATIONS as DEMO_OCCUPATIONS
    from inflytt.contacts.models import (
        Activity,
        Consent,
        Contact,
        ContactInterest,
        ContactMunicipality,
        Interest,
        NewsletterSubscription,
    )
    from inflytt.parties.models import Party

    occupations = [*DEMO_OCCUPATIONS, ""]  # as in the demo data, plus people who leave it empty
    if activities < common.CARD_ACTIVITIES:
        raise SystemExit(f"--activities must be at least {common.CARD_ACTIVITIES} (the card contact's timeline).")
    rng = random.Random(seed)
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    started = time.monotonic()

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A throw-away data set: no need to survive a power cut while it is written.
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")

    parties = list(Party.objects.all())
    municipalities = [p for p in parties if p.kind == Party.Kind.MUNICIPALITY]
    weights = [max(p.population, 1) for p in municipalities]
    region = next(p for p in parties if p.kind == Party.Kind.REGION)
    guides = _guides(rng, fake)
    status = _weighted(rng, STATUS_WEIGHTS)
    source = _weighted(rng, SOURCE_WEIGHTS)
    interests = list(Interest.values)
    span = YEARS * 365 * 24 * 3600
    # Draws from Faker's weighted name lists, made once: calling Faker per row costs minutes.
    first_names = [fake.first_name() for _ in range(5_000)]
    last_names = [fake.last_name() for _ in range(5_000)]

    contact_ids: list[int] = []
    contact_party: list[int] = []
    contact_registered: list[float] = []  # seconds before NOW
    for start in range(0, contacts, CHUNK):
        batch: list[Contact] = []
        chosen: list[list[Party]] = []
        for i in range(start, min(start + CHUNK, contacts)):
            first, last = rng.choice(first_names), rng.choice(last_names)
            is_card = i == 0
            phone = phone_number(rng)
            if is_card:
                email = common.CARD_EMAIL
            elif phone and rng.random() < 0.05:
                email = ""
            else:
                email = f"{slugify(first)}.{slugify(last)}{i}@{rng.choice(MAIL_DOMAINS)}"
            picks = rng.choices(municipalities, weights, k=rng.choice((0, 1, 1, 1, 2, 2, 3)))
            picks = list(dict.fromkeys(picks))
            chosen.append(picks)
            assigned = picks[0] if picks else region
            ago = span * 0.99 if is_card else rng.random() * span
            registered = NOW - timedelta(seconds=ago)
            state = "in_dialogue" if is_card else status()
            contact = Contact(
                first_name=first,
                last_name=last,
                email=email,
                phone=phone,
                preferred_channel="phone" if (phone and (not email or rng.random() < 0.3)) else "email",
                language="en" if rng.random() < 0.1 else "sv",
                current_city=rng.choice(CITIES),
                current_country="SE",
                adults=rng.choice((1, 1, 2, 2, 2, 3)),
                children=rng.choice((0, 0, 0, 1, 2, 3)),
                occupation=rng.choice(occupations),
                source=source(),
                source_party=assigned if rng.random() < 0.3 else None,
                assigned_party=assigned,
                assigned_guide_id=rng.choice(guides[assigned.pk]) if rng.random() < 0.7 else None,
                status=state,
                moved_on=registered.date() + timedelta(days=rng.randint(30, 400)) if state == "moved" else None,
                moved_to=assigned if state == "moved" else None,
                registered_at=registered,
                first_response_due=(registered + timedelta(days=3)).date(),
                first_response_at=None if state == "new" else registered + timedelta(hours=rng.randint(1, 96)),
                last_activity_at=registered + timedelta(seconds=rng.random() * ago),
            )
            contact.refresh_derived_fields()
            batch.append(contact)
        with transaction.atomic():
            Contact.objects.bulk_create(batch)
            rows_m, rows_i = [], []
            for contact, picks in zip(batch, chosen, strict=True):
                rows_m += [
                    ContactMunicipality(contact_id=contact.pk, party=party, position=n) for n, party in enumerate(picks)
                ]
                rows_i += [
                    ContactInterest(contact_id=contact.pk, interest=interest)
                    for interest in rng.sample(interests, rng.choice((0, 1, 2, 3)))
                ]
                contact_ids.append(contact.pk)
                contact_party.append(contact.assigned_party_id)
                contact_registered.append((NOW - contact.registered_at).total_seconds())
            ContactMunicipality.objects.bulk_create(rows_m)
            ContactInterest.objects.bulk_create(rows_i)
        out(f"  contacts {len(contact_ids):>9,} ({time.monotonic() - started:.0f} s)")

    card_id = contact_ids[0]
    Consent.objects.create(contact_id=card_id, purpose="guidance", text_version="2025-1", text="Samtycke.")
    NewsletterSubscription.objects.create(contact_id=card_id, confirmed_at=NOW)

    # The card's 1 000 activities at random positions among all the others.
    card_positions = set(rng.sample(range(activities), common.CARD_ACTIVITIES))
    kinds = list(Activity.Kind.values)
    loggable = {str(kind) for kind in Activity.LOGGABLE}
    last = len(contact_ids) - 1
    for start in range(0, activities, CHUNK):
        batch_a: list[Activity] = []
        for position in range(start, min(start + CHUNK, activities)):
            index = 0 if position in card_positions else rng.randint(1, last) if last else 0
            party_id = contact_party[index]
            kind = rng.choice(kinds)
            body = rng.choice(BODIES)
            batch_a.append(
                Activity(
                    contact_id=contact_ids[index],
                    kind=kind,
                    author_id=rng.choice(guides[party_id]) if kind in loggable else None,
                    party_id=party_id,
                    occurred_at=NOW - timedelta(seconds=rng.random() * contact_registered[index]),
                    subject=rng.choice(SUBJECTS),
                    body=body,
                    follow_up_on=date(2026, 11, 1) + timedelta(days=rng.randint(1, 60))
                    if rng.random() < 0.05
                    else None,
                )
            )
        with transaction.atomic():
            Activity.objects.bulk_create(batch_a)
        done = min(start + CHUNK, activities)
        if done % 100_000 == 0 or done == activities:
            out(f"  activities {done:>9,} ({time.monotonic() - started:.0f} s)")

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")
    out(f"Generated {contacts:,} contacts and {activities:,} activities in {time.monotonic() - started:.0f} s.")


def ensure(*, contacts: int, activities: int, force: bool = False, out: Callable[[str], None] = print) -> None:
    """Migrate, load the parties and generate the data set unless it is already there at this size."""
    from django.core.management import call_command
    from django.db import connection

    from inflytt.parties.services import load_reference_parties

    call_command("migrate", verbosity=0)
    load_reference_parties()
    have = existing_size()
    if have == (contacts, activities) and not force:
        out(f"Data set present: {have[0]:,} contacts, {have[1]:,} activities.")
        return
    if have != (0, 0):
        if not force:
            raise SystemExit(
                f"The benchmark database holds {have[0]:,} contacts and {have[1]:,} activities, not "
                f"{contacts:,} and {activities:,}: pass --force to regenerate."
            )
        if connection.vendor != "sqlite":
            if "bench" not in connection.settings_dict["NAME"]:
                raise SystemExit("Refusing to empty a database whose name does not contain 'bench'.")
            _wipe()
        else:  # --force removed the SQLite file before set-up; a leftover means another size was kept.
            raise SystemExit("Remove the SQLite benchmark file first (--force does it before set-up).")
    out(f"Generating {contacts:,} contacts and {activities:,} activities into {common.describe_database()}")
    generate(contacts=contacts, activities=activities, out=out)


def remove_sqlite_file(data_dir: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"inflytt.sqlite3{suffix}").unlink(missing_ok=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=None, help="SQLite data dir (default bench/out/data)")
    parser.add_argument("--force", action="store_true", help="regenerate even if data is present")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    args = parser.parse_args(argv)
    if args.force and not os.environ.get("DATABASE_URL"):
        remove_sqlite_file(args.data_dir or common.DEFAULT_DATA_DIR)
    common.configure(args.data_dir)
    ensure(contacts=args.contacts, activities=args.activities, force=args.force)


if __name__ == "__main__":
    sys.exit(main())
