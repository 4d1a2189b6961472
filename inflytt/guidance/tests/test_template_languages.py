"""English templates are not offered in the Swedish UI unless the contact's language is English (issue 14)."""

from __future__ import annotations

import pytest

from inflytt.contacts.tests.factories import contact
from inflytt.guidance.models import MessageTemplate

pytestmark = pytest.mark.django_db


def _offered(client, person, language: str) -> set[str]:
    client.cookies["django_language"] = language
    form = client.get(f"/guidance/contacts/{person.pk}/email/").context["chooser"]
    return {template.language for template in form.fields["template"].queryset}


def test_the_template_menu_follows_the_interface_and_the_contact(client_for):
    MessageTemplate.objects.create(name="Välkommen", language="sv", subject="Hej", body="Hej")
    MessageTemplate.objects.create(name="Welcome", language="en", subject="Hi", body="Hi")
    swede = contact(municipalities=("bracke",), language="sv")
    english_reader = contact(municipalities=("bracke",), language="en")
    guide = client_for("guide_bracke")
    assert _offered(guide, swede, "sv") == {"sv"}
    assert _offered(guide, english_reader, "sv") == {"sv", "en"}
    assert _offered(guide, swede, "en") == {"sv", "en"}
