"""Two identical registrations at the same moment make one card (docs/security.md, Abuse and load)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from inflytt.contacts.models import Contact
from inflytt.intake.services import register_contact
from inflytt.intake.tests.test_register_contact import data
from inflytt.parties.models import Party
from inflytt.parties.services import load_reference_parties
from inflytt.testing import skip_without_concurrent_connections


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_make_one_card():
    skip_without_concurrent_connections()
    load_reference_parties()
    parties = {party.slug: party for party in Party.objects.all()}
    start = threading.Barrier(4)
    results: list[bool] = []
    errors: list[BaseException] = []

    def register() -> None:
        try:
            start.wait()
            results.append(
                register_contact(data=data(parties), source=Contact.Source.PORTAL, form_label="race").created
            )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert Contact.objects.count() == 1
    assert Contact.objects.get().activities.filter(kind="registration").count() == 4
