"""The person's fields are named once (contacts/fields.py); every other list is one of its subsets."""

from __future__ import annotations

import pytest
from django.db import models

from inflytt.contacts import fields
from inflytt.contacts.forms import ContactForm
from inflytt.contacts.merge import MERGE_FIELDS
from inflytt.contacts.models import Contact
from inflytt.intake.forms import RegistrationForm, SelfServiceForm
from inflytt.intake.importer.services import FORM_COLUMNS


def test_every_named_field_is_a_column_of_the_card_a_person_can_set():
    for name in (*fields.PERSON, *fields.CAMPAIGN, *fields.STAFF):
        field = Contact._meta.get_field(name)
        assert isinstance(field, models.Field) and field.editable, name


def test_the_subsets_leave_out_only_what_their_comment_gives_a_reason_for():
    assert set(fields.PERSON) - set(fields.COMPARED) == {"email", "message"}
    assert set(fields.PERSON) - set(fields.SELF_SERVICE) == {"email", "adults", "children", "occupation", "message"}
    assert set(fields.PERSON) - set(fields.IMPORTED) == {"preferred_channel"}
    assert not set(fields.STAFF) & set(fields.REGISTERED), "a registration never sets staff's fields"


@pytest.mark.django_db
def test_the_forms_and_the_import_take_their_fields_from_the_definition():
    assert list(ContactForm.base_fields)[: len(fields.EDITABLE)] == list(fields.EDITABLE)
    assert set(fields.REGISTERED) <= set(RegistrationForm.base_fields)
    own_page = SelfServiceForm()
    assert set(fields.PERSON) & set(own_page.fields) == set(fields.SELF_SERVICE)
    assert set(FORM_COLUMNS) == set(fields.IMPORTED)
    assert set(fields.EDITABLE) < set(MERGE_FIELDS)


def test_a_typo_in_a_subset_fails_at_import_rather_than_leaving_the_field_in():
    with pytest.raises(ValueError, match="emial"):
        fields._without(fields.PERSON, "emial")
