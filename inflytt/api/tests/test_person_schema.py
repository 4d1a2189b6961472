"""The API's JSON of a person is derived from the card (contacts/fields.py and the model's columns),
so a field added to the card appears in the API with the column's length, or is left out on purpose."""

from __future__ import annotations

import pytest

from inflytt.contacts.fields import CAMPAIGN, PERSON, REGISTERED
from inflytt.contacts.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def schemas(client_for):
    return client_for("coordinator").get("/api/v1/openapi.json").json()["components"]["schemas"]


def test_a_registration_accepts_every_field_a_registration_writes_bounded_as_the_column(schemas):
    properties = schemas["RegistrationIn"]["properties"]
    for name in REGISTERED:
        column = Contact._meta.get_field(name)
        assert name in properties
        if column.choices:
            assert properties[name]["enum"] == [value for value, _label in column.choices]
        elif column.max_length:
            assert properties[name]["maxLength"] == column.max_length, name
    # The registration form asks for both names (intake.forms.RegistrationForm).
    assert schemas["RegistrationIn"]["required"] == ["first_name", "last_name"]
    for name in ("adults", "children"):  # the household's bound, as on the form
        assert (properties[name]["minimum"], properties[name]["maximum"]) == (0, 20)
    assert properties["current_country"]["default"] == ""


def test_a_contact_answers_every_field_of_the_person_and_where_they_came_from(schemas):
    contact = schemas["ContactOut"]
    for name in (*PERSON, "source", *CAMPAIGN):
        assert name in contact["required"]
        expected = "integer" if name in ("adults", "children") else "string"
        assert contact["properties"][name]["type"] == expected, name
