"""Issue 10, names and free text: hidden characters, `Origin: null`, and the minimum fill time."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from inflytt.contacts.forms import PhoneField
from inflytt.contacts.models import Contact
from inflytt.intake.forms import RegistrationForm, SelfServiceForm
from inflytt.intake.tests.helpers import form_data, post_form
from inflytt.intake.tokens import form_started_token
from inflytt.lib.text import has_hidden_characters, normalise_phone, validate_visible_text

pytestmark = pytest.mark.django_db

# U+202E RIGHT-TO-LEFT OVERRIDE makes "Anna\u202egnik" show as "Annakning" reversed on a list.
HIDDEN = ["Anna\u202egnik", "Bo\u2066x\u2069", "Eva\x07", "Lars\x1b[31m", "Nils\u202a", "Ola\u0085"]


@pytest.mark.parametrize("value", HIDDEN)
def test_control_and_bidi_characters_are_hidden_characters(value):
    assert has_hidden_characters(value)


@pytest.mark.parametrize("value", ["Åsa Öberg-D'Arcy", "Line one\nline two\r\n\tindented", "محمد", "שרה"])
def test_ordinary_text_in_any_script_is_visible(value):
    assert not has_hidden_characters(value)


@pytest.mark.parametrize("field", ["first_name", "last_name", "message", "occupation", "current_city"])
def test_the_form_refuses_a_bidi_override_with_a_message_at_the_field(parties, field):
    response = post_form(Client(), **{field: "Anna\u202egnik"})
    assert response.status_code == 400
    assert Contact.objects.count() == 0
    assert f'id="id_{field}_error"' in response.text
    assert "osynliga styrtecknen" in response.text


def test_the_form_refuses_a_control_character_in_a_name(parties):
    response = post_form(Client(), first_name="Eva\x07")
    assert response.status_code == 400
    assert Contact.objects.count() == 0


def test_the_api_refuses_the_same_characters_with_the_same_rule(parties):
    from inflytt.api.tests.test_registrations_api import body, error_fields, post
    from inflytt.intake.services import issue_api_token

    _row, raw = issue_api_token(party=parties["bracke"], name="webb")
    response = post(body(last_name="Ågren\u2067", message="Hej\x00\x1b"), raw)
    fields = error_fields(response)
    assert "last_name" in fields and "message" in fields
    assert Contact.objects.count() == 0


def test_origin_null_is_refused_even_with_an_allowed_referer(parties):
    """docs/decisions/0003: "with neither, or `Origin: null`, the post is refused"."""
    response = Client().post(
        "/sv/form/bracke/",
        form_data(),
        HTTP_ORIGIN="null",
        HTTP_REFERER="http://testserver/sv/form/bracke/",
    )
    assert response.status_code == 403
    assert Contact.objects.count() == 0


def test_a_too_fast_post_keeps_every_value_says_what_to_do_at_the_top_and_accepts_the_next_send(parties):
    client = Client()
    response = post_form(
        client,
        started=form_started_token(),
        wants_magazine="on",
        wants_newsletter="on",
        postal_street="Storgatan 1",
        postal_code="831 30",
        postal_city="Östersund",
    )
    assert response.status_code == 400
    assert Contact.objects.count() == 0
    page = response.text
    summary = page[page.index('class="error-summary"') : page.index("</div>", page.index('class="error-summary"'))]
    assert "automatiskt av din webbläsare" in summary and "Skicka" in summary  # in words, at the top
    for value in ("Åsa", "asa.oberg@example.se", "070-123 45 67", "Göteborg", "Sjuksköterska", "Storgatan 1", "831 30"):
        assert f'value="{value}"' in page, value
    assert "Finns det förskoleplatser?" in page
    for name in ("wants_guidance", "wants_magazine", "wants_newsletter", "consent"):
        assert re.search(rf'name="{name}"[^>]*checked', page), name
    assert re.search(r'value="bracke"[^>]*checked', page) and re.search(r'value="job"[^>]*checked', page)
    # The person presses Send again at once: accepted, without a second wait.
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    again = client.post(
        "/sv/form/bracke/",
        form_data(started=started, postal_street="Storgatan 1", postal_code="831 30", postal_city="Östersund"),
        HTTP_ORIGIN="http://testserver",
    )
    assert again.status_code == 303
    assert Contact.objects.count() == 1


def test_an_expired_form_says_so(parties, settings):
    settings.INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS = -1  # every signed start token is past its age
    response = post_form(Client(), started=form_started_token(now=time.time() - 60))
    assert response.status_code == 400
    assert "öppet för länge" in response.text


def test_forms_share_only_the_fields_no_form_changes(parties):
    """RegistrationForm shares its fields between forms (no deep copy per request): the municipalities,
    whose choices come from the database, are each form's own, and the self-service form's relabelled
    fields do not leak into the public form."""
    one = RegistrationForm(language="sv", choices=[parties["bracke"]])
    two = RegistrationForm(language="sv", choices=[parties["are"]])
    assert one.fields["municipalities"] is not two.fields["municipalities"]
    assert [slug for slug, _name in one.fields["municipalities"].choices] == ["bracke"]  # type: ignore[attr-defined]
    assert [slug for slug, _name in two.fields["municipalities"].choices] == ["are"]  # type: ignore[attr-defined]
    assert one.fields["first_name"] is two.fields["first_name"]
    own = SelfServiceForm(language="sv", choices=[parties["bracke"]])
    assert own.fields["wants_magazine"] is not one.fields["wants_magazine"]
    assert str(RegistrationForm(language="sv", choices=[]).fields["wants_magazine"].label) != str(
        own.fields["wants_magazine"].label
    )
    # Set once, not once per form: each text field checks for invisible characters exactly once.
    assert one.fields["first_name"].validators.count(validate_visible_text) == 1
    assert own.fields["first_name"].validators.count(validate_visible_text) == 1


@pytest.mark.parametrize(
    "typed", ["070-123 45 67", " +47 912 34 567 ", "0046701234567", "08-123 456 78", "+358 40 1234567"]
)
def test_the_form_stores_a_phone_number_as_normalise_phone_does(typed):
    """PhoneField formats the number it parsed (one parse per number): the same E.164 as
    lib.text.normalise_phone, which the card's own validation applies again."""
    assert PhoneField().clean(typed) == normalise_phone(typed)
