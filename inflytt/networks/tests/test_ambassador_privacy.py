"""Place ambassadors are personal data too: their own retention rule (default: deleted 2 years
after they left), and they are in a person's data export and erasure."""

from __future__ import annotations

import json
from datetime import date

import pytest

from inflytt.contacts.tests.factories import contact
from inflytt.networks.models import Ambassador, AmbassadorActivity, CoworkingSpace
from inflytt.networks.retention import ambassador_retention_cutoff, purge_left_ambassadors
from inflytt.networks.tests.factories import ambassador, coworking
from inflytt.privacy import services as privacy_services
from inflytt.privacy.export import person_json

TODAY = date(2026, 11, 29)


@pytest.mark.django_db
def test_ambassadors_are_deleted_two_years_after_they_left(parties):
    long_gone = ambassador(status=Ambassador.Status.LEFT, left_on=date(2024, 11, 28))
    recently = ambassador(status=Ambassador.Status.LEFT, left_on=date(2024, 11, 29))
    active = ambassador(joined_on=date(2015, 1, 1))
    AmbassadorActivity.objects.create(ambassador=long_gone, body="Visade Hede")
    assert purge_left_ambassadors(today=TODAY) == 1
    assert set(Ambassador.objects.all()) == {recently, active}
    assert not AmbassadorActivity.objects.filter(ambassador_id=long_gone.pk).exists()


@pytest.mark.django_db
def test_the_retention_period_is_a_setting(parties, settings):
    settings.INFLYTT_AMBASSADOR_RETENTION_YEARS = 5
    assert ambassador_retention_cutoff(TODAY) == date(2021, 11, 29)
    ambassador(status=Ambassador.Status.LEFT, left_on=date(2024, 1, 1))
    assert purge_left_ambassadors(today=TODAY) == 0


@pytest.mark.django_db
def test_an_expired_contact_card_does_not_take_the_ambassador_with_it(parties):
    person = contact(email="gunnel@example.se")
    host = ambassador(email="gunnel@example.se")
    privacy_services.delete_contacts([person.pk])
    assert Ambassador.objects.filter(pk=host.pk).exists()


@pytest.mark.django_db
def test_the_persons_export_and_erasure_include_their_ambassador_row(parties, personas):
    person = contact(email="gunnel@example.se")
    host = ambassador(email="gunnel@example.se", sector="Skogsbruk")
    space = coworking(contact_email="gunnel@example.se")
    exported = json.loads(person_json(person))
    assert "Skogsbruk" in json.dumps(exported, ensure_ascii=False)
    privacy_services.erase_person(contact=person, acting_user=personas["coordinator"])
    assert not Ambassador.objects.filter(pk=host.pk).exists()
    # The coworking space's contact address is the space's: the space stays.
    assert CoworkingSpace.objects.filter(pk=space.pk).exists()
