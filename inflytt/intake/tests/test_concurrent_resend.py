"""A form sent twice at the same moment (a double click that reaches two web processes) is one
registration: the re-post guard (intake.SentForm) commits with the first and rolls the second back."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from inflytt.contacts.models import Activity, Contact
from inflytt.intake.models import RegistrationMail, SentForm
from inflytt.intake.tests.helpers import post_form
from inflytt.intake.tokens import form_started_token
from inflytt.parties.services import load_reference_parties
from inflytt.testing import at_once, skip_without_concurrent_connections


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_is_one_registration():
    skip_without_concurrent_connections()
    load_reference_parties()
    started = form_started_token(now=time.time() - 60)

    def send(_: int) -> str:
        response = post_form(Client(), started=started)
        assert response.status_code in {302, 303}, response.status_code
        return response["Location"]

    locations, errors = at_once(send, times=2)
    assert errors == []
    assert len(locations) == 2 and locations[0] == locations[1]  # both see the one thank-you page
    assert Contact.objects.count() == 1
    assert Activity.objects.filter(kind=Activity.Kind.REGISTRATION).count() == 1
    assert RegistrationMail.objects.count() == 2  # one receipt, one guides' notice
    assert SentForm.objects.count() == 1
