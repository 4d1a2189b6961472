"""The segment editor's count updates before saving (issue 14): a number only, within the user's reach."""

from __future__ import annotations

import pytest

from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Segment

pytestmark = pytest.mark.django_db


def test_the_count_follows_the_conditions_within_the_guides_reach(client_for, django_assert_max_num_queries):
    contact(municipalities=("bracke",), language="en")
    contact(municipalities=("bracke",), language="sv")
    contact(municipalities=("are",), language="en")  # Åre's: outside a Bräcke guide's reach
    guide = client_for("guide_bracke")
    guide.get("/contacts/")  # the session's first request refreshes its expiry; measure after that
    with django_assert_max_num_queries(8):
        everyone = guide.get("/mailings/segments/count/", headers={"HX-Request": "true"})
    assert "2 kontakter matchar just nu." in everyone.content.decode()
    english = guide.get("/mailings/segments/count/?languages=en", headers={"HX-Request": "true"}).content.decode()
    assert "1 kontakt matchar just nu." in english
    assert "<html" not in english  # a fragment for htmx to swap in
    assert not Segment.objects.exists()  # nothing saved


def test_invalid_conditions_say_so_instead_of_a_number(client_for):
    body = client_for("guide_bracke").get("/mailings/segments/count/?registered_from=nonsense").content.decode()
    assert "Rätta villkoren" in body
