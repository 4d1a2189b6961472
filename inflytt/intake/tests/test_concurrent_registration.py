"""Two identical registrations at the same moment make one card (docs/security.md, Abuse and load)."""

from __future__ import annotations

import pytest

from inflytt.contacts.models import Contact
from inflytt.intake.services import register_contact
from inflytt.intake.tests.test_register_contact import data
from inflytt.parties.models import Party
from inflytt.parties.services import load_reference_parties
from inflytt.testing import at_once, skip_without_concurrent_connections


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_make_one_card():
    skip_without_concurrent_connections()
    load_reference_parties()
    parties = {party.slug: party for party in Party.objects.all()}

    def register(_: int) -> bool:
        return register_contact(data=data(parties), source=Contact.Source.PORTAL, form_label="race").created

    results, errors = at_once(register, times=4)
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert Contact.objects.count() == 1
    assert Contact.objects.get().activities.filter(kind="registration").count() == 4
