#!/usr/bin/env python
"""The peer CRM's side of the benchmark (bench/README.md, "The peer in the same run").

DjangoCRM (PyPI django-crm-admin 3.1.0, AGPL, installed by setup.sh into a virtualenv of its own,
never imported by Inflytt), run with that virtualenv's Python:

    bench/out/peer/venv/bin/python bench/peer/worker.py generate [--contacts 100000] [--activities 1000000]
    bench/out/peer/venv/bin/python bench/peer/worker.py serve

SQLite (bench/out/peer/peer.sqlite3) by default; PostgreSQL when PEER_DATABASE_URL is set. The database
is set up first by the peer's own `setupdata` (setup.sh does both).

"Activities" are the peer's CRM emails attached to a contact: the contact's change page lists its
latest emails ("Last few letters") and no other interaction (deals are only counted, tasks and memos
are not shown there). One contact gets exactly 1 000 of them, as Inflytt's card contact does.

serve answers one line per line on standard input (bench/harness.py, Peer):
    pages        -> JSON {"list": path, "search": path, "filtered": path, "card": path}
    get <path>   -> the milliseconds of client.get(path), or "error <status>"
    quit         -> exit
Everything else (logging, the peer's background threads) goes to standard error.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")

SEED = 2026
CARD_TOKEN = "cardcontact"  # noqa: S105 (the card contact's Contact.token, max_length=11; not a secret)
CARD_ACTIVITIES = 1000
BENCH_USER = "bench"  # superuser used by `serve`
SEARCH_TERM = "lindström"
FILTER_COUNTRY = "Sweden"  # ~half of the contacts
LANG = "en"  # i18n_patterns prefix

FIRST_NAMES = (
    "Anna Eva Maria Karin Sara Kristina Lena Emma Kerstin Ingrid Marie Malin Jenny Hanna Linda Annika "
    "Susanne Elin Monica Birgitta Sofia Johanna Carina Elisabeth Julia Ida Lars Mikael Anders Johan Erik "
    "Per Karl Peter Thomas Jan Daniel Fredrik Hans Andreas Stefan Mats Marcus Magnus Mattias Jonas Bengt "
    "Niklas Björn Oskar Åsa Örjan Göran Håkan Maja Alva Astrid Wilma Nils Axel Hugo Linnea"
).split()
LAST_NAMES = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson "
    "Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindqvist Lindgren "
    "Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg "
    "Henriksson Forsberg Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Björk Bergman "
    "Gunnarsson Holm Wikström Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren "
    "Söderberg Nyberg Blomqvist Claesson Nordström Mårtensson Lundström Viklund Björklund Eliasson "
    "Pålsson Berggren Sandström Lund Nordin Ström Åberg Hermansson Ekström Holmgren Sundberg Hedlund "
    "Dahlberg Hellström Sjögren Abrahamsson Falk Martinsson Öberg Andreasson Strömberg Månsson Åkesson "
    "Hansen Norberg Lindholm Dahl Jonasson Sundström Ek Lindblom Åström"
).split()
SPECIAL_LAST_NAME = "Lindström"
SPECIAL_RATE = 1 / 400
CITIES = (
    "Stockholm Göteborg Malmö Uppsala Västerås Örebro Linköping Helsingborg Jönköping Norrköping Lund "
    "Umeå Gävle Borås Södertälje Eskilstuna Halmstad Växjö Karlstad Sundsvall"
).split()
OTHER_COUNTRIES = ["Norway", "Finland", "Denmark", "Germany", "Poland", "Estonia", "United Kingdom", "Netherlands"]
COMPANY_WORDS = ("Bygg Data Konsult Transport Fastighet El Trä Mekan Media Handel Design Logistik Energi Vård").split()
SUBJECTS = [
    "Offert",
    "Uppföljning",
    "Fråga om leverans",
    "Mötesbokning",
    "Avtal",
    "Faktura",
    "Re: Offert",
    "Re: Uppföljning",
    "Beställning",
    "Reklamation",
]

CHUNK = 5000
ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O"})


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def setup_django():
    import django

    django.setup()


# --------------------------------------------------------------------------- generate


def generate(n_contacts: int, n_activities: int) -> None:
    setup_django()
    from crm.models import ClientType, Company, Contact, Country, CrmEmail, Industry
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    rng = random.Random(SEED)
    t0 = time.perf_counter()
    if Contact.objects.exists() or CrmEmail.objects.exists():
        sys.exit("database already has contacts/emails: make it again with bench/peer/setup.sh first")
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")

    base = datetime(2026, 1, 1, tzinfo=UTC)
    span = 3 * 365 * 86400

    def when(r):
        return base - timedelta(seconds=r.randrange(span))

    # -- staff users (owners): 27 managers in the peer's two sales departments
    managers = Group.objects.get(name="managers")
    deps = [Group.objects.get(name="Global sales"), Group.objects.get(name="Local sales")]
    owners = []
    for i in range(27):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        username = f"{first.translate(ASCII).lower()}.{last.translate(ASCII).lower()}{i:02d}"
        u = User.objects.filter(username=username).first()
        if u is None:
            # create_user so the peer's post_save handler creates the UserProfile
            u = User.objects.create_user(
                username, f"{username}@example.se", None, first_name=first, last_name=last, is_staff=True
            )
        dep = deps[i % 2]
        u.groups.add(managers, dep)
        owners.append((u.id, dep.id))
    log(f"users: {len(owners)}")

    countries = {c.name: c.id for c in Country.objects.filter(name__in=[FILTER_COUNTRY, *OTHER_COUNTRIES])}
    missing = {FILTER_COUNTRY, *OTHER_COUNTRIES} - set(countries)
    assert not missing, missing
    sweden = countries[FILTER_COUNTRY]
    others = [countries[n] for n in OTHER_COUNTRIES]
    types = list(ClientType.objects.values_list("id", "department_id"))
    industries = list(Industry.objects.values_list("id", "department_id"))

    # -- companies
    n_companies = max(1, n_contacts // 5)
    companies = []  # (id-less) Company objects, in order
    company_meta = []  # (owner_id, department_id, country_id)
    for i in range(n_companies):
        owner_id, dep_id = owners[rng.randrange(len(owners))]
        country_id = sweden if rng.random() < 0.5 else others[rng.randrange(len(others))]
        word = COMPANY_WORDS[rng.randrange(len(COMPANY_WORDS))]
        city = CITIES[rng.randrange(len(CITIES))]
        name = f"{city} {word} {i + 1} AB"
        dep_types = [t for t, d in types if d == dep_id] or [None]
        companies.append(
            Company(
                full_name=name,
                website=f"www.{word.lower()}{i + 1}.example.se",
                email=f"info@{word.lower()}{i + 1}.example.se",
                phone=f"+46 8 {rng.randrange(100000, 999999)}",
                city_name=city,
                country_id=country_id,
                type_id=dep_types[rng.randrange(len(dep_types))],
                owner_id=owner_id,
                department_id=dep_id,
                token=f"k{i:010d}",
                creation_date=when(rng),
            )
        )
        company_meta.append((owner_id, dep_id, country_id))
    with transaction.atomic():
        for s in range(0, len(companies), CHUNK):
            Company.objects.bulk_create(companies[s : s + CHUNK])
    company_ids = list(Company.objects.order_by("id").values_list("id", flat=True))
    assert len(company_ids) == n_companies
    # one industry of the company's department per company
    Through = Company.industry.through
    rows = []
    for cid, (_, dep_id, _) in zip(company_ids, company_meta, strict=True):
        dep_inds = [ind for ind, d in industries if d == dep_id]
        if dep_inds:
            rows.append(Through(company_id=cid, industry_id=dep_inds[rng.randrange(len(dep_inds))]))
    with transaction.atomic():
        Through.objects.bulk_create(rows, batch_size=CHUNK)
    log(f"companies: {n_companies} ({time.perf_counter() - t0:.1f} s)")

    # -- contacts
    card_index = n_contacts // 2  # the card contact (token CARD_TOKEN)
    n_special = 0
    contact_company = []
    with transaction.atomic():
        batch = []
        for i in range(n_contacts):
            ci = rng.randrange(n_companies)
            owner_id, dep_id, country_id = company_meta[ci]
            first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
            if rng.random() < SPECIAL_RATE:
                last = SPECIAL_LAST_NAME
                n_special += 1
            else:
                last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
            email = f"{first}.{last}{i}@example.se".translate(ASCII).lower()
            batch.append(
                Contact(
                    first_name=first,
                    last_name=last,
                    email=email,
                    sex="F" if rng.random() < 0.5 else "M",
                    phone=f"+46 70 {rng.randrange(1000000, 9999999)}",
                    city_name=CITIES[rng.randrange(len(CITIES))],
                    country_id=country_id,
                    company_id=company_ids[ci],
                    owner_id=owner_id,
                    department_id=dep_id,
                    token=CARD_TOKEN if i == card_index else f"c{i:010d}",
                    creation_date=when(rng),
                )
            )
            contact_company.append(ci)
            if len(batch) >= CHUNK:
                Contact.objects.bulk_create(batch)
                batch = []
        if batch:
            Contact.objects.bulk_create(batch)
    contact_ids = list(Contact.objects.order_by("id").values_list("id", flat=True))
    assert len(contact_ids) == n_contacts
    log(f"contacts: {n_contacts}, of them {SPECIAL_LAST_NAME}: {n_special} ({time.perf_counter() - t0:.1f} s)")

    # -- activities = CRM emails attached to contacts (and, as CrmEmail.save() does, their company)
    card_n = min(CARD_ACTIVITIES, n_activities)
    rest = n_activities - card_n
    others_idx = [k for k in range(n_contacts) if k != card_index]

    def email_rows():
        for j in range(n_activities):
            k = card_index if j < card_n else others_idx[rng.randrange(len(others_idx))]
            yield k

    with transaction.atomic():
        batch = []
        done = 0
        for k in email_rows():
            ci = contact_company[k]
            owner_id, dep_id, _ = company_meta[ci]
            incoming = rng.random() < 0.5
            subj = SUBJECTS[rng.randrange(len(SUBJECTS))]
            addr = f"kund{k}@example.se"
            batch.append(
                CrmEmail(
                    subject=f"{subj} #{done + 1}",
                    content=(
                        f"Hej,\n\ntack för ert meddelande angående {subj.lower()}. "
                        f"Vi återkommer med besked inom {rng.randrange(1, 14)} dagar.\n\n"
                        "Med vänliga hälsningar"
                    ),
                    is_html=False,
                    to="crm@example.se" if incoming else addr,
                    from_field=addr if incoming else "crm@example.se",
                    incoming=incoming,
                    sent=not incoming,
                    contact_id=contact_ids[k],
                    company_id=company_ids[ci],
                    owner_id=owner_id,
                    department_id=dep_id,
                    creation_date=when(rng),
                )
            )
            done += 1
            if len(batch) >= CHUNK:
                CrmEmail.objects.bulk_create(batch)
                batch = []
                if done % 100000 == 0:
                    log(f"  emails: {done} ({time.perf_counter() - t0:.1f} s)")
        if batch:
            CrmEmail.objects.bulk_create(batch)
    log(f"emails: {n_activities} (card contact: {card_n}, others: {rest}) ({time.perf_counter() - t0:.1f} s)")

    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # the same statement on SQLite and PostgreSQL
    log(f"generate done in {time.perf_counter() - t0:.1f} s")


# --------------------------------------------------------------------------- serve


def page_paths() -> dict:
    from crm.models import Contact, Country
    from django.urls import reverse
    from django.utils import translation

    with translation.override(LANG):
        changelist = reverse("site:crm_contact_changelist")
        card_id = Contact.objects.only("id").get(token=CARD_TOKEN).id
        card = reverse("site:crm_contact_change", args=(card_id,))
    sweden = Country.objects.get(name=FILTER_COUNTRY).id
    return {
        "list": changelist,
        "search": changelist + "?" + urlencode({"q": SEARCH_TERM}),
        "filtered": changelist + "?" + urlencode({"country__id__exact": sweden}),
        "card": card,
    }


def make_client():
    from django.contrib.auth.models import User
    from django.test import Client

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User.objects.create_superuser(BENCH_USER, "bench@example.se", None)
    client = Client()
    client.force_login(user)
    return client


def serve() -> None:
    # Keep stdout for the protocol only: anything else written to fd 1 or sys.stdout
    # (the peer's background threads, prints) goes to stderr.
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    setup_django()
    client = make_client()

    def answer(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        if line == "quit":
            break
        if line == "pages":
            answer(json.dumps(page_paths()))
        elif line.startswith("get "):
            path = line[4:].strip()
            try:
                t = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - t) * 1000
            except Exception as exc:  # the view raised: report, keep serving
                log(f"get {path}: {exc!r}")
                answer(f"error exception {type(exc).__name__}")
                continue
            if response.status_code != 200:
                answer(f"error {response.status_code}")
            else:
                answer(repr(elapsed))
        else:
            answer(f"error unknown command {line!r}")
    out.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--contacts", type=int, default=100000)
    g.add_argument("--activities", type=int, default=1000000)
    sub.add_parser("serve")
    args = parser.parse_args()
    if args.cmd == "generate":
        generate(args.contacts, args.activities)
    else:
        serve()
    sys.stderr.flush()
    # the peer starts background threads in AppConfig.ready(): do not wait for them
    os._exit(0)


if __name__ == "__main__":
    main()
