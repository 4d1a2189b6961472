from __future__ import annotations

import pytest
from django.core.management import call_command

from inflytt.parties.models import Party

SLUGS = ["region", "berg", "bracke", "harjedalen", "krokom", "ragunda", "stromsund", "are", "ostersund"]


@pytest.mark.django_db
def test_reference_data_has_the_region_and_its_eight_municipalities():
    call_command("load_reference_data")
    parties = {party.slug: party for party in Party.objects.all()}
    assert sorted(parties) == sorted(SLUGS)
    assert parties["region"].kind == Party.Kind.REGION
    assert parties["ostersund"].name == "Östersunds kommun"
    assert parties["are"].name == "Åre kommun"
    assert parties["harjedalen"].name == "Härjedalens kommun"
    assert all(parties[slug].population > 0 for slug in SLUGS if slug != "region")


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_keeps_local_edits():
    call_command("load_reference_data")
    Party.objects.filter(slug="bracke").update(embed_origins="https://www.bracke.se", contact_name="Kim")
    call_command("load_reference_data")
    assert Party.objects.count() == 9
    bracke = Party.objects.get(slug="bracke")
    assert (bracke.embed_origins, bracke.contact_name) == ("https://www.bracke.se", "Kim")
