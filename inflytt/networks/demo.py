"""Synthetic networks for the demo and the benchmark: place ambassadors, coworking spaces and
employers (some of them recruitment companies) with recruitment needs. Never real people; the
organisation numbers are made up but carry a valid check digit."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from inflytt.accounts.models import Role, User
from inflytt.contacts.demo import DEMO_DOMAIN, DEMO_PASSWORD, OCCUPATIONS
from inflytt.lib.orgnumber import luhn_ok
from inflytt.networks.models import (
    Ambassador,
    CoworkingSpace,
    Employer,
    EmployerActivity,
    NeedTerm,
    Offer,
    RecruitmentNeed,
)
from inflytt.networks.services import need_terms
from inflytt.parties.models import Party

CHUNK = 2_000
LANGUAGES = ["svenska", "svenska, engelska", "svenska, engelska, tyska", "svenska, norska", "engelska, arabiska"]
SECTORS = ["Vård och omsorg", "Skola", "IT", "Skogsbruk", "Turism", "Bygg", "Handel", "Sjuksköterska", "Ingenjör"]
INTERESTS = ["skidåkning", "fiske", "jakt", "körsång", "fotboll", "friluftsliv", "hembygdsförening", "klättring"]
SPACE_WORDS = ["Hubben", "Kontoret", "Arbetsrummet", "Navet", "Stationen", "Ladan", "Skrivbordet"]
COMPANY_WORDS = ["Fjäll", "Skog", "Sjö", "Norr", "Jämt", "Berg", "Älv", "Myr", "Tall"]
COMPANY_KINDS = ["Bygg", "Vård", "Data", "Konsult", "Turism", "Transport", "El", "Rekrytering", "Bemanning"]


EMPLOYER_LOG = [
    ("meeting", "Besök om rekryteringsbehov inför sommaren."),
    ("call", "Samtal om praktikplatser för nyinflyttade."),
    ("training", "Deltog i utbildningen Attraktiva arbetsgivare."),
    ("event", "Medverkade på inflyttarträffen."),
]


def org_number(rng: random.Random) -> str:
    base = f"5{rng.randint(50000000, 59999999)}"
    for check in range(10):
        if luhn_ok(base + str(check)):
            return base + str(check)
    raise AssertionError("a check digit always exists")


def _network_manager() -> None:
    email = f"network@{DEMO_DOMAIN}"
    if not User.objects.filter(email=email).exists():
        User.objects.create_user(
            email,
            DEMO_PASSWORD,
            party=Party.objects.get(kind=Party.Kind.REGION),
            role=Role.AMBASSADOR_ADMIN,
            first_name="Nätverks",
            last_name="Ansvarig",
        )


@transaction.atomic
def load_networks(*, ambassadors: int = 60, spaces: int = 30, employers: int = 150, seed: int = 2026) -> int:
    """Add the networks; returns how many employers were added (0 when they are already there)."""
    _network_manager()
    if Ambassador.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0
    rng = random.Random(seed)
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    parties = list(Party.objects.filter(kind=Party.Kind.MUNICIPALITY))
    today = timezone.localdate()
    statuses = [Ambassador.Status.ACTIVE] * 8 + [Ambassador.Status.PAUSED, Ambassador.Status.APPLIED]
    rows = []
    for number in range(ambassadors):
        first, last = fake.first_name(), fake.last_name()
        party = rng.choice(parties)
        rows.append(
            Ambassador(
                first_name=first,
                last_name=last,
                email=f"{slugify(first)}.{slugify(last)}.{number}@{DEMO_DOMAIN}",
                phone=f"+4670{rng.randint(1000000, 9999999)}",
                party=party,
                place=fake.city(),
                languages=rng.choice(LANGUAGES),
                offers=rng.sample(list(Offer.values), k=rng.randint(1, 4)),
                sector=rng.choice(SECTORS),
                interests=", ".join(rng.sample(INTERESTS, k=2)),
                availability=rng.choice(["Kvällar", "Helger", "Vardagar", "Efter överenskommelse"]),
                share_phone=rng.random() < 0.4,
                status=rng.choice(statuses),
                joined_on=today - timedelta(days=rng.randint(30, 1500)),
            )
        )
    Ambassador.objects.bulk_create(rows, batch_size=CHUNK)
    CoworkingSpace.objects.bulk_create(
        [
            CoworkingSpace(
                name=f"{rng.choice(SPACE_WORDS)} {fake.city()} {number}",
                party=rng.choice(parties),
                place=fake.city(),
                address=fake.street_address(),
                website=f"https://cowork{number}.example",
                desks=rng.randint(4, 40),
                opening_hours=rng.choice(["Dygnet runt med tagg", "Vardagar 7-18", "Vardagar 8-17"]),
                prices=rng.choice(["Dagkort 150 kr, månadskort 1 500 kr", "Fast plats 2 200 kr/mån", "Drop-in gratis"]),
                status=CoworkingSpace.Status.ACTIVE if rng.random() < 0.9 else CoworkingSpace.Status.INACTIVE,
            )
            for number in range(spaces)
        ],
        batch_size=CHUNK,
    )
    numbers: set[str] = set(Employer.objects.values_list("org_number", flat=True))
    added = 0
    for start in range(0, employers, CHUNK):
        batch = []
        for _ in range(start, min(start + CHUNK, employers)):
            org = org_number(rng)
            while org in numbers:
                org = org_number(rng)
            numbers.add(org)
            kind = rng.choice(COMPANY_KINDS)
            batch.append(
                Employer(
                    org_number=org,
                    name=f"{rng.choice(COMPANY_WORDS)}{kind.lower()} {fake.last_name()} AB",
                    party=rng.choice(parties),
                    sni_code=str(rng.randint(10000, 99999)),
                    size=rng.choice(list(Employer.Size.values)),
                    is_recruiter=kind in {"Rekrytering", "Bemanning"},
                    attractive_employer_on=date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
                    if rng.random() < 0.3
                    else None,
                )
            )
        Employer.objects.bulk_create(batch)
        created = list(Employer.objects.filter(org_number__in=[row.org_number for row in batch]))
        needs = [
            RecruitmentNeed(
                employer=employer,
                occupation=rng.choice(OCCUPATIONS),
                open_positions=rng.randint(1, 5),
                how_to_apply="Skicka CV och personligt brev via webbplatsen.",
                is_open=rng.random() < 0.85,
            )
            for employer in created
            for _ in range(rng.choice([0, 1, 1, 2, 3]))
        ]
        RecruitmentNeed.objects.bulk_create(needs)
        EmployerActivity.objects.bulk_create(
            EmployerActivity(
                employer=employer,
                kind=kind,
                occurred_at=timezone.now() - timedelta(days=rng.randint(1, 400)),
                body=body,
            )
            for employer in created
            if rng.random() < 0.3
            for kind, body in [rng.choice(EMPLOYER_LOG)]
        )
        party_of = {employer.pk: employer.party_id for employer in created}
        NeedTerm.objects.bulk_create(
            [term for need in needs for term in need_terms(need=need, party_id=party_of[need.employer_id])]
        )
        added += len(created)
    return added
