"""The registration service: routing, one card per email, consents, subscriptions and mails."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.intake import services, tasks
from inflytt.intake.models import RegistrationMail
from inflytt.intake.services import register_contact
from inflytt.lib.workdays import first_response_due
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db


def data(parties: dict[str, Party], **overrides: Any) -> services.RegistrationData:
    base: dict[str, Any] = {
        "first_name": "Östen",
        "last_name": "Ågren",
        "email": "Osten.Agren@Example.se ",
        "phone": "+46701234567",
        "preferred_channel": "phone",
        "language": "sv",
        "municipalities": [parties["are"], parties["bracke"]],
        "adults": 2,
        "children": 0,
        "current_city": "Malmö",
        "current_country": "SE",
        "occupation": "Elektriker",
        "interests": ["job"],
        "message": "",
        "wants_guidance": True,
        "wants_magazine": False,
        "postal_address": None,
        "wants_newsletter": False,
        "utm_source": "",
        "utm_medium": "",
        "utm_campaign": "",
    }
    base.update(overrides)
    return base  # type: ignore[return-value]


def register(parties: dict[str, Party], **overrides: Any) -> services.Registration:
    return register_contact(data=data(parties, **overrides), source=Contact.Source.PORTAL, form_label="test form")


def test_the_first_municipality_chosen_handles_the_contact(parties):
    """The 2025 agreement, Bilaga 3 (docs/requirements.md): "Varje kommun ansvarar för att återkoppla till de personer
    som registrerar sig i CRM-systemet för flyttvägledning" — the first one the person chose."""
    registration = register(parties)
    assert registration.created
    assert registration.assigned_party == parties["are"]
    rows = registration.contact.municipality_rows.order_by("position").values_list("party__slug", flat=True)
    assert list(rows) == ["are", "bracke"]


def test_the_undecided_go_to_the_region(parties):
    """The 2025 agreement, Bilaga 4 (docs/requirements.md): "Regionen ansvarar för att uppdatera de som inte valt
    specifik kommun"."""
    assert register(parties, municipalities=[]).assigned_party == parties["region"]


def test_guidance_starts_the_five_working_day_clock(parties):
    """The 2025 agreement, Bilaga 4 (docs/requirements.md): "En person som tar kontakt för flyttvägledning ska ha fått
    en första
    återkoppling inom fem arbetsdagar." """
    registration = register(parties)
    assert registration.first_response_due == first_response_due(registration.contact.registered_at)
    assert Contact.objects.get().first_response_due == registration.first_response_due


def test_a_magazine_order_alone_starts_no_clock(parties):
    registration = register(
        parties,
        wants_guidance=False,
        wants_magazine=True,
        postal_address={"street": "Storgatan 1", "postal_code": "831 30", "city": "Östersund", "country": "SE"},
    )
    assert registration.first_response_due is None
    assert Contact.objects.get().first_response_due is None
    assert MagazineOrder.objects.get().postal_code == "831 30"


def test_the_same_email_never_makes_a_second_card(parties):
    """One person, one card: the new submission is added to the existing card as an activity."""
    first = register(parties)
    second = register(
        parties,
        email="  OSTEN.agren@example.SE",
        municipalities=[parties["ostersund"]],
        interests=["housing", "job"],
        message="Nya frågor",
    )
    assert not second.created and second.contact.pk == first.contact.pk
    assert Contact.objects.count() == 1
    card = Contact.objects.get()
    slugs = list(card.municipality_rows.order_by("position").values_list("party__slug", flat=True))
    assert slugs == ["are", "bracke", "ostersund"]
    assert set(card.interest_rows.values_list("interest", flat=True)) == {"job", "housing"}
    registrations = card.activities.filter(kind=Activity.Kind.REGISTRATION)
    assert registrations.count() == 2
    assert "Nya frågor" in registrations.order_by("-id").first().body
    assert card.assigned_party == parties["are"]  # a merge does not move the card


@pytest.mark.parametrize("status", [Contact.Status.NOT_MOVING, Contact.Status.PAUSED, Contact.Status.MOVED])
def test_a_closed_contact_asking_again_keeps_its_status_but_gets_a_new_clock(parties, status):
    first = register(parties)
    Contact.objects.filter(pk=first.contact.pk).update(status=status)
    second = register(parties)
    card = Contact.objects.get()
    assert second.returned
    assert card.status == status  # a form post never changes the status (issue 10)
    assert card.first_response_due is not None and card.requested_again_at is not None


def test_a_contact_in_dialogue_waiting_for_an_answer_keeps_its_clock(parties):
    first = register(parties)
    Contact.objects.filter(pk=first.contact.pk).update(status=Contact.Status.IN_DIALOGUE)
    assert not register(parties).returned
    card = Contact.objects.get()
    assert card.status == Contact.Status.IN_DIALOGUE
    assert card.first_response_due == first.contact.first_response_due


def test_a_merge_fills_in_nothing_and_records_the_differences(parties):
    card = make_contact(email="osten.agren@example.se", phone="", occupation="Lärare", municipalities=("bracke",))
    register(parties, phone="070-765 43 21", occupation="Elektriker")
    card.refresh_from_db()
    assert card.phone == "" and card.occupation == "Lärare"
    body = card.activities.filter(kind=Activity.Kind.REGISTRATION).order_by("-id").first().body
    assert "+46707654321" in body and "Elektriker" in body and "Lärare" in body


def test_a_lost_race_merges_into_the_winner(parties, monkeypatch):
    """Two identical registrations at once: the unique constraint, not a look-up, decides. Since
    issue 16 the insert comes first for every registration (no look-up before it), so the card
    another request has just inserted is met by the unique index, and read once after that."""
    winner = make_contact(email="osten.agren@example.se")
    real_existing = services._existing
    calls: list[str] = []

    def counted(email: str):
        calls.append(email)
        return real_existing(email)

    monkeypatch.setattr(services, "_existing", counted)
    registration = register(parties)
    assert not registration.created
    assert registration.contact.pk == winner.pk
    assert Contact.objects.count() == 1
    assert calls == ["osten.agren@example.se"]  # one read, after the insert was refused


def test_a_new_address_is_not_looked_up_before_its_insert(parties, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(services, "_existing", lambda email: calls.append(email))
    registration = register(parties, email="ny.person@example.se")
    assert registration.created and calls == []


def test_consents_keep_the_exact_text_version_time_and_form(parties):
    register(
        parties,
        wants_newsletter=True,
        wants_magazine=True,
        postal_address={"street": "Storgatan 1", "postal_code": "831 30", "city": "Östersund", "country": "SE"},
        language="en",
    )
    consents = {consent.purpose: consent for consent in Consent.objects.all()}
    assert set(consents) == {"guidance", "magazine", "newsletter"}
    newsletter = consents["newsletter"]
    assert newsletter.form == "test form"
    assert newsletter.text_version.startswith("1-en-")
    assert "consent" in newsletter.text and "5 years" in newsletter.text
    assert "public interest" in consents["guidance"].text


def test_the_newsletter_needs_confirmation(parties):
    register(parties, wants_newsletter=True)
    subscription = NewsletterSubscription.objects.get()
    assert subscription.confirmed_at is None and not subscription.is_active
    assert services.confirm_newsletter(subscription=subscription)
    subscription.refresh_from_db()
    assert subscription.is_active
    assert not services.confirm_newsletter(subscription=subscription)


def test_subscribing_again_after_leaving_needs_a_new_confirmation(parties):
    register(parties, wants_newsletter=True)
    subscription = NewsletterSubscription.objects.get()
    services.confirm_newsletter(subscription=subscription)
    NewsletterSubscription.objects.update(unsubscribed_at=subscription.created_at)
    register(parties, wants_newsletter=True)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None and subscription.unsubscribed_at is None


def test_the_same_magazine_order_twice_is_one_order(parties):
    address = {"street": "Storgatan 1", "postal_code": "831 30", "city": "Östersund", "country": "SE"}
    register(parties, wants_magazine=True, postal_address=address)
    register(parties, wants_magazine=True, postal_address=address)
    assert MagazineOrder.objects.count() == 1


def test_mails_are_queued_after_commit_with_ids_only(parties, monkeypatch, django_capture_on_commit_callbacks):
    """No personal data in task arguments: the queue and its logs hold ids and flags."""
    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tasks, "registration_received", lambda *args, **kwargs: queued.append(args) or kwargs)  # type: ignore[func-returns-value]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = register(parties, wants_newsletter=True)
    assert queued == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    subscription = NewsletterSubscription.objects.get()
    receipt, notice = RegistrationMail.objects.filter(contact=registration.contact).order_by("pk")
    assert queued == [([receipt.pk, notice.pk], subscription.pk)]
    assert all(isinstance(value, int) for value in queued[0][0])


def test_receipt_and_guide_notice_are_sent(parties, personas, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(parties, municipalities=[parties["bracke"]], preferred_channel="email")
    by_recipient = {message.to[0].lower(): message for message in mailoutbox}
    receipt = by_recipient["osten.agren@example.se"]
    assert "Bräcke kommun" in receipt.body
    due = registration.first_response_due
    assert str(due.day) in receipt.body and str(due.year) in receipt.body
    notice = by_recipient[personas["guide_bracke"].email]
    assert f"/contacts/{registration.contact.pk}/" in notice.body
    assert "Östen" not in notice.body and "osten" not in notice.body  # the card holds the person, not mail
    assert personas["guide_are"].email not in by_recipient
    assert registration.contact.activities.filter(kind=Activity.Kind.SYSTEM).exists()  # rule 3: logged on the card


def test_the_receipt_is_in_the_persons_language(parties, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(parties, language="en", preferred_channel="phone")
    receipt = next(message for message in mailoutbox if message.to[0].lower() == "osten.agren@example.se")
    assert "will call you" in receipt.body


def test_a_registration_costs_a_bounded_number_of_queries(parties):
    """Intended to prevent an n+1 issue: more municipalities and interests, the same queries."""
    with CaptureQueriesContext(connection) as few:
        register(parties, email="a@example.se", municipalities=[parties["are"]], interests=["job"])
    with CaptureQueriesContext(connection) as many:
        register(
            parties,
            email="b@example.se",
            municipalities=[party for slug, party in parties.items() if slug != "region"],
            interests=["job", "housing", "school", "studies", "leisure"],
        )
    assert len(many) == len(few)
    # Issue 16: 8 statements for a new card (the card, its municipalities, interests, registration
    # activity and audit row, the notice's controller, the consents, the owed mails; no look-up by
    # email before the insert) plus create_contact's savepoint and this test's own (SAVEPOINT/RELEASE
    # each). The views pass the region they read, which saves the controller's read
    # (test_registration_queries.py).
    assert len(many) <= 8 + 4, "\n".join(query["sql"][:120] for query in many.captured_queries)
