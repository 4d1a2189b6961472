"""Issue 10: a submission for a known email address never rewrites the card.

Anyone who knows an address can post the public form; what they send is recorded on the card as
one activity, the card keeps its values, and the person gets a link (at the address on file) to
change their details themselves."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from inflytt.contacts.models import Activity, Contact, MagazineOrder
from inflytt.contacts.services import add_activity
from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.guidance.selectors import queue, service_level
from inflytt.intake.tests.helpers import post_form
from inflytt.intake.tests.test_register_contact import register
from inflytt.lib.workdays import first_response_due

pytestmark = pytest.mark.django_db

EMAIL = "osten.agren@example.se"


@pytest.fixture
def card(parties, personas):
    make_contact(email="someone.else@example.se")  # ids differ between contacts and their rows
    contact = make_contact(
        first_name="Östen",
        last_name="Ågren",
        email=EMAIL,
        phone="",
        preferred_channel="email",
        language="sv",
        current_city="Umeå",
        municipalities=("are",),
        interests=("job",),
    )
    Contact.objects.filter(pk=contact.pk).update(
        status=Contact.Status.IN_DIALOGUE, assigned_guide=personas["guide_are"]
    )
    MagazineOrder.objects.create(contact=contact, street="Gamla vägen 2", postal_code="831 30", city="Östersund")
    contact.refresh_from_db()
    return contact


def test_a_submission_for_a_known_address_overwrites_nothing(parties, personas, card):
    """The attack of issue 10: channel, language, an empty phone, the party, the status."""
    before = Contact.objects.values().get(pk=card.pk)
    activities = card.activities.count()
    registration = register(
        parties,
        first_name="Mallory",
        last_name="Angripare",
        email=" OSTEN.Agren@example.se",
        phone="070-999 99 99",
        preferred_channel="phone",
        language="en",
        current_city="Stockholm",
        municipalities=[parties["bracke"]],
        interests=["housing"],
        message="Ring mig",
    )
    assert not registration.created
    after = Contact.objects.values().get(pk=card.pk)
    for name in (
        "first_name",
        "last_name",
        "phone",
        "preferred_channel",
        "language",
        "current_city",
        "assigned_party_id",
        "assigned_guide_id",
        "status",
        "email",
    ):
        assert after[name] == before[name], name
    new = list(card.activities.order_by("id"))[activities:]
    assert len(new) == 1 and new[0].kind == Activity.Kind.REGISTRATION  # ONE activity
    body = new[0].body
    for shown in ("Mallory", "Angripare", "+46709999999", "Telefon", "Engelska", "Stockholm", "Ring mig"):
        assert shown in body, shown
    assert "Bräcke" in body and "Bostad" in body  # what was added


def test_municipalities_and_interests_are_only_added(parties, card):
    register(parties, municipalities=[parties["bracke"]], interests=["housing"])
    slugs = list(card.municipality_rows.order_by("position").values_list("party__slug", flat=True))
    assert slugs == ["are", "bracke"]
    assert set(card.interest_rows.values_list("interest", flat=True)) == {"job", "housing"}
    card.refresh_from_db()
    assert card.assigned_party == parties["are"]


def test_choosing_a_municipality_does_not_move_an_undecided_card(parties):
    undecided = make_contact(email=EMAIL)
    register(parties, municipalities=[parties["bracke"]])
    undecided.refresh_from_db()
    assert undecided.assigned_party == parties["region"]


def test_a_magazine_to_another_address_waits_for_confirmation_by_the_address_on_file(
    parties, card, mailoutbox, django_capture_on_commit_callbacks
):
    address = {"street": "Tjuvgatan 1", "postal_code": "111 22", "city": "Stockholm", "country": "SE"}
    with django_capture_on_commit_callbacks(execute=True):
        register(parties, wants_magazine=True, postal_address=address, email="osten.agren@example.se")
    order = MagazineOrder.objects.get(street="Tjuvgatan 1")
    assert order.confirmed_at is None
    assert not MagazineOrder.objects.to_send().filter(pk=order.pk).exists()
    mail = next(message for message in mailoutbox if "Tjuvgatan 1" in message.body)
    assert mail.to == [EMAIL]  # the address on file
    link = re.search(r"http://\S+/magazine/confirm/\S+/", mail.body).group(0)
    path = link.split("http://127.0.0.1:8000", 1)[-1].split("testserver", 1)[-1]
    path = "/" + path.split("/", 3)[3] if path.startswith("http") else path
    client = Client()
    assert client.get(path).status_code == 200
    order.refresh_from_db()
    assert order.confirmed_at is None  # a GET (a mail scanner) confirms nothing
    assert client.post(path).status_code == 200
    assert MagazineOrder.objects.to_send().filter(pk=order.pk).exists()
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_a_magazine_to_the_address_on_file_is_taken_at_once(parties, card):
    address = {"street": "Gamla vägen 2", "postal_code": "831 30", "city": "Östersund", "country": "SE"}
    MagazineOrder.objects.filter(contact=card).update(sent_at=timezone.now())
    register(parties, wants_magazine=True, postal_address=address)
    assert MagazineOrder.objects.to_send().filter(contact=card).count() == 1


def answer(contact, guide, when):
    add_activity(contact=contact, kind=Activity.Kind.CALL, body="Svar", occurred_at=when, acting_user=guide)


@pytest.mark.parametrize("status", [Contact.Status.CONTACTED, Contact.Status.MOVED, Contact.Status.NOT_MOVING])
def test_a_returning_person_goes_back_into_the_unanswered_queue_with_a_new_clock(
    parties, personas, status, mailoutbox, django_capture_on_commit_callbacks
):
    """The 2025 agreement, Bilaga 4 (docs/requirements.md): "En person som tar kontakt för flyttvägledning ska ha fått
    en första återkoppling inom fem arbetsdagar" — each time they ask."""
    guide = personas["guide_are"]
    first = register(parties, municipalities=[parties["are"]]).contact
    answer(first, guide, timezone.now() - timedelta(days=1))
    Contact.objects.filter(pk=first.pk).update(status=status)
    assert not queue(user=guide, name="unanswered").filter(pk=first.pk).exists()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = register(parties, municipalities=[parties["are"]])
    card = Contact.objects.get(pk=first.pk)
    due = first_response_due(card.requested_again_at)  # type: ignore[arg-type]
    assert again.returned and card.first_response_due == due and card.status == status
    assert queue(user=guide, name="unanswered").filter(pk=card.pk).exists()
    receipt = next(message for message in mailoutbox if message.to[0].lower() == EMAIL)
    assert f"{due.day} " in receipt.body and str(due.year) in receipt.body  # the receipt promises the date
    notice = next(message for message in mailoutbox if message.to == [guide.email])
    assert "igen" in notice.subject  # the guides are told a known person returned
    # The earlier response stays in the history and in the service-level figures.
    assert card.earlier_requests.get().first_response_at is not None
    today = timezone.localdate()
    level = service_level(party=parties["are"], start=today - timedelta(days=30), end=today)
    assert level.registered == 2 and level.answered == 1 and level.in_time == 1


def test_a_person_still_waiting_keeps_the_running_clock_and_the_guides_are_not_told_twice(
    parties, personas, mailoutbox, django_capture_on_commit_callbacks
):
    first = register(parties).contact
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = register(parties)
    assert not again.returned
    assert Contact.objects.get().first_response_due == first.first_response_due
    assert [[to.lower() for to in message.to] for message in mailoutbox] == [[EMAIL]]  # the receipt with the link only


def test_the_form_page_is_the_same_for_a_known_and_an_unknown_address(parties, card, mailoutbox):
    """The poster must not learn whether the address was known; the link goes to the address on file."""
    answers = {}
    for email in (EMAIL, "ny.person@example.se"):
        response = post_form(Client(), email=email, municipalities=["bracke"])
        page = Client().get(response["Location"])
        token = response["Location"].rstrip("/").rsplit("/", 1)[-1]  # signed with a timestamp
        answers[email] = (response.status_code, page.status_code, page.text.replace(token, "TOKEN"))
    assert answers[EMAIL] == answers["ny.person@example.se"]
    assert "skickat dig en länk" in answers[EMAIL][2]


def test_the_receipt_for_a_known_address_carries_the_self_service_link(
    parties, card, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(parties, wants_guidance=False, wants_newsletter=True)
    receipt = next(message for message in mailoutbox if "/me/" in message.body and message.to == [EMAIL])
    assert "inte ändrat" in receipt.body
