"""Merge fields filled per recipient: each person gets their own values, and a value is text,
never markup or a link. The 2025 agreement, Bilaga 4 (docs/requirements.md): "Det går att göra bra urval så
att varje inbjudan hamnar med relevant information hos rätt individ".

Every test here runs with ids that differ between tables (conftest `_distinct_ids`), so a
subquery that correlated on a delivery's id instead of its contact's would find nothing or
another person's row, never the right one by coincidence."""

from __future__ import annotations

import re

import pytest

from inflytt.contacts.models import Contact
from inflytt.guidance.services import transfer_contact
from inflytt.mailings import services
from inflytt.mailings.models import Delivery
from inflytt.mailings.rendering import MERGE_FIELD_IN_MARKUP
from inflytt.mailings.tests.conftest import parts, subscriber
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db


def send(mailing, user, captured) -> None:
    with captured(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=user)
    mailing.refresh_from_db()


def by_recipient(messages) -> dict[str, dict[str, str]]:
    return {message["To"]: parts(message) for message in messages}


def test_the_ids_of_different_tables_differ_in_tests(parties):
    """The guard itself: a contact, its chosen municipality and a delivery never share an id."""
    person = subscriber(first_name="Ida", municipalities=("krokom",))
    row = person.municipalities.through.objects.get(contact=person)  # type: ignore[attr-defined]
    assert len({person.pk, row.pk, person.assigned_party_id, person.newsletter.pk}) == 4


def test_municipality_is_the_one_each_person_chose(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    """{municipality} is the first municipality the person chose, even when another party now
    handles the card; with several recipients nobody gets another person's value."""
    people = {
        "ada@example.se": ("are", "Åre kommun"),
        "bo@example.se": ("krokom", "Krokoms kommun"),
        "cia@example.se": ("berg", "Bergs kommun"),
    }
    for email, (slug, _name) in people.items():
        subscriber(first_name=email.split("@")[0].title(), email=email, municipalities=(slug,))
    moved = Contact.objects.get(email="bo@example.se")
    transfer_contact(
        contact=moved, to_party=Party.objects.get(slug="region"), note="Vill ha hjälp av regionen",
        acting_user=personas["coordinator"],
    )  # fmt: skip
    mailing = make_mailing()
    send(mailing, personas["coordinator"], django_capture_on_commit_callbacks)

    bodies = by_recipient(smtp_server.messages)
    assert set(bodies) == set(people)
    for email, (_slug, name) in people.items():
        assert f"Välkommen till **{name}**." in bodies[email]["text/plain"], email
        assert f"<strong>{name}</strong>" in bodies[email]["text/html"], email
    assert Delivery.objects.filter(mailing=mailing, state=Delivery.State.SENT).count() == 3


def test_without_a_chosen_municipality_it_is_the_handling_party(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    subscriber(first_name="Undecided", email="undecided@example.se")
    send(make_mailing(), personas["coordinator"], django_capture_on_commit_callbacks)
    region = Party.objects.get(slug="region").name
    assert f"<strong>{region}</strong>" in parts(smtp_server.messages[0])["text/html"]


HOSTILE_NAMES = [
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "[klicka](https://evil.example)",
    "<https://evil.example>",
    "**fet** _kursiv_ `kod`",
    "Eve\n\n# Rubrik\n\n![bild](https://evil.example/x.png)",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_first_name_is_text_never_a_link_or_markup(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks, name
):
    """The value is escaped for HTML and Markdown before the body is rendered and cleaned: the
    HTML part shows the characters, with no link, image, emphasis or heading made of them; the
    text part holds the same literal characters on one line."""
    subscriber(first_name=name, email="eve@example.se")
    mailing = make_mailing(body_sv="Hej {first_name}!\n\nVälkommen till **{municipality}**.")
    send(mailing, personas["coordinator"], django_capture_on_commit_callbacks)

    bodies = parts(smtp_server.messages[0])
    body_html = bodies["text/html"].split('<div style="max-width:640px;margin:0 auto">', 1)[1].split("<hr>", 1)[0]
    paragraph = body_html.strip().splitlines()[0]
    assert paragraph.startswith("<p>Hej ") and paragraph.endswith("!</p>"), paragraph
    inner = paragraph[len("<p>Hej ") : -len("!</p>")]
    assert "<" not in inner and ">" not in inner.replace("&gt;", ""), inner  # no tag of any kind
    # Only the staff's own markup: two paragraphs and the bold municipality, no attribute at all.
    assert re.findall(r"<[^>]*>", body_html) == ["<p>", "</p>", "<p>", "<strong>", "</strong>", "</p>"]
    one_line = " ".join(name.split())
    assert f"Hej {one_line}!" in bodies["text/plain"]
    assert "\n# Rubrik" not in bodies["text/plain"]


def test_the_value_shows_as_the_characters_typed(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    """Escaping is for the markup, not for the reader: a mail client shows the name as typed."""
    import html

    subscriber(first_name="Åsa-Lena O'Brien <3", email="asa@example.se")
    send(make_mailing(body_sv="Hej {first_name}!"), personas["coordinator"], django_capture_on_commit_callbacks)
    body = parts(smtp_server.messages[0])["text/html"]
    paragraph = next(line for line in body.splitlines() if line.startswith("<p>Hej "))
    assert html.unescape(paragraph) == "<p>Hej Åsa-Lena O'Brien <3!</p>"


@pytest.mark.parametrize(
    "body",
    [
        "[Läs mer]({first_name})",
        "![bild]({municipality})",
        '<a href="https://example.se/{first_name}">länk</a>',
        '[Läs](https://example.se "{first_name}")',
    ],
)
def test_a_merge_field_inside_a_link_or_image_is_refused(make_mailing, personas, body):
    """A person's name must never decide where a link goes or what an image loads."""
    from django.core.exceptions import ValidationError

    subscriber(email="anna@example.se")
    mailing = make_mailing(body_sv=body)
    with pytest.raises(ValidationError) as refused:
        services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    assert "body_sv" in refused.value.error_dict
    assert str(MERGE_FIELD_IN_MARKUP).split(":")[0] in str(refused.value)


def escaped_for_markdown(value: str) -> str:
    """The reference: a value escaped for HTML and Markdown before rendering (every ASCII
    punctuation mark a character reference, on one line)."""
    import string

    return " ".join(value.split()).translate({ord(char): f"&#{ord(char)};" for char in string.punctuation})


BODIES = [
    "Hej {first_name}!\n\nVälkommen till **{municipality}**.",
    "{first_name}\n\n- *{first_name}*\n- __{municipality}__\n\n> {first_name} i {municipality}",
    "# {first_name}\n\n1. {first_name}\n\n| A | B |\n|---|---|\n| {first_name} | {municipality} |",
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("name", [*HOSTILE_NAMES, 'Åsa-Lena O\'Brien & "Kalle"', "1. Anna", "Anna  *"])
def test_putting_values_in_place_equals_rendering_them_escaped(body, name):
    """The body is rendered once with inert marks and each recipient's values take their places,
    HTML-escaped; the result is the same as escaping the value for HTML and Markdown before
    rendering and cleaning the Markdown for each recipient."""
    from inflytt.lib.text import fill
    from inflytt.mailings.models import Mailing
    from inflytt.mailings.rendering import fill_body, markdown_to_html, render_version

    mailing = Mailing(name="x", purpose=Mailing.Purpose.GUIDANCE, subject_sv="x", body_sv=body)
    values = {"first_name": name, "municipality": "Åre <kommun>"}
    reference = markdown_to_html(fill(body, {key: escaped_for_markdown(value) for key, value in values.items()}))
    assert fill_body(render_version(mailing, "sv"), values) == reference


def test_in_a_code_span_the_value_shows_as_typed():
    """Where the escaped-rendering reference would show character references literally (inside
    backticks Markdown does not decode them), the value put in place shows its characters."""
    from inflytt.mailings.models import Mailing
    from inflytt.mailings.rendering import fill_body, render_version

    mailing = Mailing(name="x", purpose=Mailing.Purpose.GUIDANCE, subject_sv="x", body_sv="Kod: `{first_name}`")
    html = fill_body(render_version(mailing, "sv"), {"first_name": "<b>Eve</b>", "municipality": ""})
    assert html == "<p>Kod: <code>&lt;b&gt;Eve&lt;/b&gt;</code></p>"


def test_a_body_saved_before_the_check_never_puts_a_value_in_a_link():
    """A merge field inside a link, saved before check_merge_fields refused it, is left empty."""
    from inflytt.mailings.models import Mailing
    from inflytt.mailings.rendering import Renderer

    body = "[Läs]({first_name}) ![bild](https://example.se/{municipality}.png) {first_name}"
    mailing = Mailing(pk=1, name="x", purpose=Mailing.Purpose.GUIDANCE, subject_sv="x", body_sv=body)
    message = Renderer(mailing).message(
        to="a@example.se", language="sv", first_name="https://evil.example", municipality="x", contact_id=None
    )
    html = message.alternatives[0][0]
    assert isinstance(html, str)
    assert 'href="https://evil.example"' not in html and "evil.example/" not in html
    assert "<a" in html and "https://evil.example</p>" in html  # the text place is filled, as text
