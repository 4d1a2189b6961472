"""Synthetic demo data: plausible Swedish households and dialogues, never real people."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from PIL import Image, ImageDraw

from inflytt.accounts.models import Role, User
from inflytt.contacts import services
from inflytt.contacts.models import Activity, Contact, Interest
from inflytt.parties.branding import CACHE_KEY as BRANDING_CACHE_KEY
from inflytt.parties.models import Branding, Party

DEMO_PASSWORD = "demo-inflytt-2026"  # noqa: S105 - documented, demo mode only
DEMO_DOMAIN = "demo.example"

NOTES = [
    "Ringde och presenterade mig. Familjen vill flytta till sommaren, söker hus nära skola.",
    "Skickade information om lediga jobb inom vården och kontakt till rekryteringsansvarig.",
    "Träffades på inflyttarträffen. Intresserad av coworking och distansarbete.",
    "Frågade om förskoleplats; hänvisade till kommunens barnomsorg.",
    "Vill starta eget inom turism. Tipsade om Almi och nyföretagarcentrum.",
    "Ingen svarade, lämnade meddelande på röstbrevlådan.",
    "Mejlade länkar om bostäder och hyresvärdar i kommunen.",
    "Paret har fått jobb och flyttar i augusti. Erbjöd kontakt med platsambassadör.",
]
OCCUPATIONS = [
    "Sjuksköterska",
    "Lärare",
    "Systemutvecklare",
    "Elektriker",
    "Ekonom",
    "Läkare",
    "Snickare",
    "Förskollärare",
    "Ingenjör",
    "Kock",
    "Projektledare",
    "Undersköterska",
]
CITIES = [
    ("Stockholm", "SE"),
    ("Göteborg", "SE"),
    ("Malmö", "SE"),
    ("Uppsala", "SE"),
    ("Oslo", "NO"),
    ("Trondheim", "NO"),
    ("Berlin", "DE"),
    ("Amsterdam", "NL"),
]


def _demo_guides() -> list[User]:
    guides = []
    for party in Party.objects.all():
        user = User.objects.filter(email=f"guide.{party.slug}@{DEMO_DOMAIN}").first()
        if user is None:
            fake = Faker("sv_SE")
            user = User.objects.create_user(
                f"guide.{party.slug}@{DEMO_DOMAIN}",
                DEMO_PASSWORD,
                party=party,
                role=Role.GUIDE,
                first_name=fake.first_name(),
                last_name=fake.last_name(),
            )
        guides.append(user)
    return guides


def demo_logo() -> bytes:
    """A made-up mark for the demo (two white fells on transparent ground), drawn here so the demo
    ships no picture of anyone's real brand."""
    image = Image.new("RGBA", (96, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 60), (34, 10), (58, 44), (70, 28), (96, 60)], fill=(255, 255, 255, 255))
    draw.polygon([(26, 22), (34, 10), (42, 22), (34, 18)], fill=(11, 94, 85, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@transaction.atomic
def load_demo_data(*, households: int = 300, seed: int = 2026) -> int:
    """Create demo guides and households; returns how many households were added (0 when
    demo data is already there, so running it twice is safe)."""
    guides = _demo_guides()
    # The demo shows the programme it was made for; a coordinator renames it on the branding page.
    Branding.objects.get_or_create(
        pk=1,
        defaults={"name": "Ta steget", "signature": "Ta steget – flytta till Jämtland Härjedalen", "logo": demo_logo()},
    )
    transaction.on_commit(lambda: cache.delete(BRANDING_CACHE_KEY))
    if Contact.objects.filter(email_normalised__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0
    rng = random.Random(seed)
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    municipalities = list(Party.objects.filter(kind=Party.Kind.MUNICIPALITY))
    now = timezone.now()
    for number in range(households):
        first, last = fake.first_name(), fake.last_name()
        city, country = rng.choice(CITIES)
        chosen = rng.sample(municipalities, k=rng.choice([0, 1, 1, 1, 2, 3]))
        registered = now - timedelta(days=rng.randint(0, 720), hours=rng.randint(0, 23))
        contact = services.create_contact(
            data={
                "first_name": first,
                "last_name": last,
                "email": f"{slugify(first)}.{slugify(last)}.{number}@{DEMO_DOMAIN}",
                "phone": f"+4670{rng.randint(1000000, 9999999)}",
                "preferred_channel": rng.choice(["email", "email", "phone"]),
                "language": rng.choice(["sv", "sv", "sv", "en"]),
                "current_city": city,
                "current_country": country,
                "adults": rng.choice([1, 2, 2]),
                "children": rng.choice([0, 0, 1, 2, 3]),
                "occupation": rng.choice(OCCUPATIONS),
                "message": rng.choice(["", "Hur ser bostadsmarknaden ut?", "Finns det jobb för min partner?"]),
            },
            municipalities=chosen,
            interests=rng.sample([choice.value for choice in Interest], k=rng.randint(1, 4)),
            source=rng.choice([Contact.Source.PORTAL, Contact.Source.PARTY_SITE, Contact.Source.EVENT]),
            registered_at=registered,
        )
        party_guides = [guide for guide in guides if guide.party_id == contact.assigned_party_id]
        for step in range(rng.randint(0, 5)):
            when = registered + timedelta(days=2 + step * rng.randint(3, 40))
            if when >= now:
                break
            services.add_activity(
                contact=contact,
                kind=rng.choice([kind for kind in Activity.LOGGABLE if kind != Activity.Kind.EMAIL_IN]),
                body=rng.choice(NOTES),
                occurred_at=when,
                acting_user=rng.choice(party_guides or guides),
            )
    return households
