"""Email addresses are read by email-validator wherever a person's address comes in: the staff form (and so the
import, which validates with it), the public form (and so the API, which validates with it) and the ambassador
sign-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from inflytt.contacts.forms import INVALID_EMAIL, EmailAddressField
from inflytt.contacts.models import Contact
from inflytt.intake.tests.helpers import post_form


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("anna.lind@example.se", "anna.lind@example.se"),
        ("  Anna.Lind@EXAMPLE.SE ", "Anna.Lind@example.se"),  # the domain is case-free, the local part is kept
        ("åsa@exämple.se", "åsa@exämple.se"),  # internationalised addresses are valid
    ],
)
def test_a_valid_address_is_kept_with_its_domain_normalised(typed, stored):
    assert EmailAddressField().clean(typed) == stored


@pytest.mark.parametrize("typed", ["anna", "anna@", "anna@localhost", "anna@example", "anna@@example.se", "a b@x.se"])
def test_an_address_that_cannot_receive_mail_is_refused_with_an_example(typed):
    field = EmailAddressField()
    with pytest.raises(ValidationError) as raised:
        field.clean(typed)
    assert raised.value.messages == [str(INVALID_EMAIL)]


def test_an_empty_optional_address_is_empty():
    assert EmailAddressField().clean("") == ""


@pytest.mark.django_db
def test_the_public_form_shows_the_error_next_to_the_field_and_saves_nothing(parties):
    with translation.override("sv"):
        expected = str(INVALID_EMAIL)
    response = post_form(Client(), email="anna@localhost")
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [expected]
    assert 'id="id_email_error"' in response.text
    assert Contact.objects.count() == 0
