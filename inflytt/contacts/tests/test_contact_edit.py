from __future__ import annotations

import pytest

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact


def form_data(person: Contact, **changes) -> dict:
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "preferred_channel": person.preferred_channel,
        "language": person.language,
        "current_city": person.current_city,
        "current_country": person.current_country,
        "adults": person.adults,
        "children": person.children,
        "occupation": person.occupation,
        "message": person.message,
        "employer_name": person.employer_name,
        "version": person.version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_editing_saves_and_is_audit_logged(client_for):
    person = contact(municipalities=("bracke",))
    response = client_for("guide_bracke").post(
        f"/contacts/{person.pk}/edit/",
        form_data(person, last_name="Ödmark-O'Neill", municipalities=["are", "bracke"], interests=["job"]),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Ödmark-O'Neill"
    assert [row.party.slug for row in person.municipality_rows.all()] == ["are", "bracke"]
    assert "ödmark-o'neill" in person.search_text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EDIT)
    assert set(event.detail["fields"]) == {"last_name", "municipalities", "interests"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"preferred_channel": "phone", "phone": ""}, "phone"),
        ({"adults": 500}, "adults"),
        ({"current_country": "XX"}, "current_country"),
        # Issue 10: the public form's rule on hidden characters holds for staff edits too.
        ({"last_name": "Ek\u202e"}, "last_name"),
        ({"message": "Hej\x1b[31m"}, "message"),
    ],
)
def test_a_failing_edit_says_why_at_the_field_and_saves_nothing(client_for, changes, field):
    person = contact(first_name="Kvar")
    response = client_for("guide_bracke").post(f"/contacts/{person.pk}/edit/", form_data(person, **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    person.refresh_from_db()
    assert person.first_name == "Kvar" and person.version == 1


@pytest.mark.django_db
def test_two_guides_saving_the_same_card_do_not_overwrite_each_other(client_for):
    person = contact(occupation="Lärare")
    first, second = client_for("guide_bracke"), client_for("guide_are")
    stale = form_data(person)
    assert first.post(f"/contacts/{person.pk}/edit/", form_data(person, occupation="Rektor")).status_code == 302
    response = second.post(f"/contacts/{person.pk}/edit/", {**stale, "occupation": "Elektriker"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    person.refresh_from_db()
    assert person.occupation == "Rektor"


@pytest.mark.django_db
def test_an_email_already_on_another_card_is_refused(client_for):
    contact(email="anna@example.se")
    other = contact(email="other@example.se")
    response = client_for("guide_bracke").post(
        f"/contacts/{other.pk}/edit/", form_data(other, email=" ANNA@example.se")
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors


@pytest.mark.django_db
def test_a_guide_can_create_a_contact_and_it_is_routed(client_for, personas):
    """Rule 4: the first municipality chosen handles the person; the undecided go to the region."""
    response = client_for("guide_bracke").post(
        "/contacts/new/",
        {
            "first_name": "Åsa",
            "last_name": "Öst",
            "email": "asa@example.se",
            "preferred_channel": "email",
            "language": "sv",
            "adults": 2,
            "children": 1,
            "municipalities": ["krokom", "are"],
        },
    )
    assert response.status_code == 302
    person = Contact.objects.get(email_normalised="asa@example.se")
    assert person.assigned_party.slug == "krokom"
    assert [row.party.slug for row in person.municipality_rows.all()] == ["krokom", "are"]
