"""A newsletter through a real SMTP server on loopback: headers, both parts, merge fields, the
card log. The 2025 agreement, Bilaga 4 (docs/requirements.md): "Det går att göra bra urval så att varje inbjudan hamnar
med relevant information hos rätt individ"."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from inflytt.contacts.models import Activity
from inflytt.contacts.tests.factories import contact
from inflytt.mailings import services
from inflytt.mailings.models import Delivery, Mailing
from inflytt.mailings.tests.conftest import parts, recipients_of, subscriber

pytestmark = pytest.mark.django_db


def send(mailing, user, captured) -> None:
    with captured(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=user)
    mailing.refresh_from_db()


def test_a_newsletter_reaches_confirmed_subscribers_only_with_rfc_8058_headers(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    """A newsletter goes to confirmed subscribers who have not unsubscribed ("bra urval så att
    varje inbjudan hamnar ... hos rätt individ"), and each carries the one-click unsubscribe."""
    anna = subscriber(first_name="Anna", email="anna@example.se", municipalities=("bracke",))
    contact(first_name="Bo", email="bo@example.se")  # no subscription
    mailing = make_mailing()
    send(mailing, personas["coordinator"], django_capture_on_commit_callbacks)

    assert mailing.status == Mailing.Status.SENT
    assert recipients_of(smtp_server.messages) == ["anna@example.se"]
    message = smtp_server.messages[0]
    assert message["Subject"] == "Hej Anna!"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"]
    assert re.search(r"<https?://[^>]+/mailings/unsubscribe/[^>]+/\?lang=sv>", unsubscribe)
    assert "<mailto:unsubscribe@" in unsubscribe
    assert message["Message-ID"] == f"<mailing.{mailing.pk}.{anna.pk}@localhost>"
    bodies = parts(message)
    assert set(bodies) == {"text/plain", "text/html"}
    assert "Välkommen till **Bräcke kommun**." in bodies["text/plain"]
    assert "<strong>Bräcke kommun</strong>" in bodies["text/html"]
    assert "<li>Jobb</li>" in bodies["text/html"]
    assert Delivery.objects.get(mailing=mailing, contact=anna).state == Delivery.State.SENT


def test_each_person_gets_their_language_and_the_sending_is_on_their_card(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    """Rule 3: every mailing sent is logged on each recipient's card."""
    sv = subscriber(first_name="Sara", email="sara@example.se")
    en = subscriber(first_name="John", email="john@example.se", language="en", municipalities=("are",))
    mailing = make_mailing()
    send(mailing, personas["coordinator"], django_capture_on_commit_callbacks)

    subjects = {message["To"]: message["Subject"] for message in smtp_server.messages}
    assert subjects == {"sara@example.se": "Hej Sara!", "john@example.se": "Hello John!"}
    english = next(m for m in smtp_server.messages if m["To"] == "john@example.se")
    assert "Welcome to **Åre kommun**." in parts(english)["text/plain"]
    assert "lang=en" in english["List-Unsubscribe"]
    for person in (sv, en):
        logged = Activity.objects.get(contact=person, kind=Activity.Kind.EMAIL_OUT)
        assert logged.sent_at is not None and "Novembernytt" in logged.body


def test_a_name_with_html_is_escaped_and_markdown_with_script_is_stripped(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    subscriber(first_name="<b onmouseover=x>Eve", email="eve@example.se")
    mailing = make_mailing(
        body_sv='Hej {first_name}\n\n<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">länk</a>'
        '\n\n<img src=x onerror="alert(1)">'
    )
    send(mailing, personas["coordinator"], django_capture_on_commit_callbacks)

    html = parts(smtp_server.messages[0])["text/html"]
    assert "&lt;b onmouseover=x&gt;Eve" in html
    for dangerous in ("<script", "onclick", "onerror", "javascript:", "onmouseover=x>"):
        assert dangerous not in html
    assert "länk" in html


def test_a_guidance_mailing_has_no_unsubscribe_and_reaches_people_in_guidance(
    smtp_server, make_mailing, personas, segment, django_capture_on_commit_callbacks
):
    contact(first_name="Ada", email="ada@example.se", municipalities=("bracke",))
    contact(first_name="Nils", email="nils@example.se", status="not_moving")
    contact(first_name="Tom", email="")  # no address: phone only
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, segment=segment)
    send(mailing, personas["guide_bracke"], django_capture_on_commit_callbacks)

    assert recipients_of(smtp_server.messages) == ["ada@example.se"]
    assert smtp_server.messages[0]["List-Unsubscribe"] is None


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"subject_sv": ""}, "subject_sv"),
        ({"body_sv": "Hej {förnamn}"}, "body_sv"),
        ({"subject_en": "{x}"}, "subject_en"),
    ],
)
def test_a_mailing_without_subject_or_with_an_unknown_merge_field_is_refused(
    smtp_server, make_mailing, personas, fields, error_field
):
    subscriber(email="anna@example.se")
    mailing = make_mailing(**fields)
    with pytest.raises(ValidationError) as refused:
        services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    assert error_field in refused.value.error_dict
    if "{" in fields[error_field]:
        assert fields[error_field][fields[error_field].index("{") :] in str(refused.value)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    assert smtp_server.messages == []


def test_a_segment_that_matches_nobody_sends_nothing(smtp_server, make_mailing, personas):
    subscriber(email="anna@example.se", municipalities=("bracke",))
    from inflytt.mailings.models import Segment

    nobody = Segment.objects.create(name="Ingen", conditions={"languages": ["en"]})
    mailing = make_mailing(segment=nobody)
    with pytest.raises(ValidationError) as refused:
        services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    assert refused.value.messages == [str(services.NO_RECIPIENTS)]
    assert smtp_server.messages == []


def test_a_test_send_goes_to_the_staff_member_only(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    subscriber(email="anna@example.se")
    mailing = make_mailing()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test(mailing=mailing, user=personas["guide_bracke"])
    assert recipients_of(smtp_server.messages) == ["guide_bracke@example.se"] * 2
    assert smtp_server.messages[0]["Subject"] == "[TEST] Hej Guide Bracke!"
    assert not Delivery.objects.exists()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
