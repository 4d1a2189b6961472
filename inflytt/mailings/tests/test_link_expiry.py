"""Personal links expire and an unsubscribe link ends only the subscription it was sent for.

The unsubscribe link works at least 60 days after the mail whatever the setting (withdrawing
consent must stay as easy as giving it, GDPR art. 7.3; the 2025 agreement, Bilaga 4: "De som
prenumererar på nyhetsbrev får ligga kvar tills de tar bort sig själva"), 180 by default; an
RSVP link 90 days by default and never after the event starts. An expired link's page says so
in the person's language and mails a fresh link to the address on the card."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from inflytt.contacts.models import Activity, NewsletterSubscription
from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Event, Invitation, Mailing
from inflytt.mailings.tests.conftest import subscriber
from inflytt.mailings.tokens import rsvp_token, unsubscribe_token

pytestmark = pytest.mark.django_db
DAY = 24 * 3600


@pytest.fixture(autouse=True)
def _reference_parties(parties):
    return parties


@pytest.fixture
def made_days_ago(monkeypatch):
    """Sign the next tokens as if the mail had been made `days` ago."""

    def at(days: float) -> None:
        stamp = int(time.time() - days * DAY)
        monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(stamp))

    return at


def unsubscribe_path(subscription: NewsletterSubscription, lang: str = "sv") -> str:
    token = unsubscribe_token(
        contact_id=subscription.contact_id,
        subscription_id=subscription.pk,
        subscribed_at=subscription.created_at,
        purpose=Mailing.Purpose.NEWSLETTER,
    )
    return f"/mailings/unsubscribe/{token}/?lang={lang}"


def path_in(text: str, name: str) -> str:
    url = re.search(rf"https?://\S+/mailings/{name}/\S+", text).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    ("setting", "age", "works"), [(None, 179, True), (None, 181, False), (10, 59, True), (60, 61, False)]
)
def test_an_unsubscribe_link_works_at_least_60_days(settings, made_days_ago, setting, age, works):
    if setting is not None:
        settings.INFLYTT_UNSUBSCRIBE_LINK_DAYS = setting
    person = subscriber(email="anna@example.se")
    made_days_ago(age)
    path = unsubscribe_path(person.newsletter)
    response = Client().post(path)
    person.newsletter.refresh_from_db()
    if works:
        assert response.status_code == 200 and not person.newsletter.is_active
    else:
        assert response.status_code == 410 and person.newsletter.is_active


def test_the_expired_unsubscribe_page_is_friendly_translated_and_mails_a_fresh_link(
    made_days_ago, django_capture_on_commit_callbacks
):
    person = subscriber(email="anna@example.se", language="en")
    made_days_ago(200)
    old = unsubscribe_path(person.newsletter, lang="en")
    page = Client().get(old)
    assert page.status_code == 410 and page["Content-Language"] == "en"
    text = page.content.decode()
    assert "The link has expired" in text and "Email me a new link" in text
    assert "mailto:unsubscribe@" in text  # the other way forward
    swedish = Client().get(old.replace("lang=en", "lang=sv")).content.decode()
    assert "Länken har slutat gälla" in swedish and "Mejla mig en ny länk" in swedish

    made_days_ago(0)  # the fresh link is made now
    with django_capture_on_commit_callbacks(execute=True):
        sent = Client().post(old, {"new_link": "1"})
    assert sent.status_code == 200 and "Check your email" in sent.content.decode()
    assert [message.to for message in mail.outbox] == [["anna@example.se"]]  # the address on the card
    # Stored as a code (rendered in the reader's language on the card), not in the language of the request.
    assert Activity.objects.filter(contact=person, event_code="fresh_unsubscribe_link").exists()
    # Asking again at once sends nothing more (whoever holds an old link cannot flood the inbox).
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(old, {"new_link": "1"})
    assert len(mail.outbox) == 1

    fresh = path_in(str(mail.outbox[0].body), "unsubscribe")
    assert Client().post(fresh).status_code == 200
    person.newsletter.refresh_from_db()
    assert not person.newsletter.is_active


def test_an_old_link_cannot_end_a_new_subscription(made_days_ago):
    """After unsubscribing and subscribing again (a new opt-in, so a new time on the row) or a
    new subscription row, the old mail's link ends nothing."""
    person = subscriber(email="anna@example.se")
    old = unsubscribe_path(person.newsletter)
    assert Client().post(old).status_code == 200
    # Subscribing again: a new double opt-in on the same row (intake.services._subscribe).
    subscription = NewsletterSubscription.objects.get(contact=person)
    subscription.created_at = timezone.now() + timedelta(seconds=1)
    subscription.confirmed_at, subscription.unsubscribed_at = timezone.now(), None
    subscription.save()
    page = Client().post(old)
    assert page.status_code == 409 and "Länken gäller en tidigare prenumeration" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active

    # A new row (the old one was removed, e.g. erased, and the person subscribed again).
    old = unsubscribe_path(subscription)
    subscription.delete()
    NewsletterSubscription.objects.create(contact=person, confirmed_at=timezone.now())
    assert Client().post(old).status_code == 409
    assert NewsletterSubscription.objects.get(contact=person).is_active


def test_a_link_never_ends_another_persons_subscription():
    """A token naming one person and another person's subscription (a bug elsewhere, or a
    signing key in the wrong hands) unsubscribes nobody."""
    anna = subscriber(email="anna@example.se")
    bo = subscriber(email="bo@example.se")
    crossed = unsubscribe_token(
        contact_id=anna.pk,
        subscription_id=bo.newsletter.pk,
        subscribed_at=bo.newsletter.created_at,
        purpose=Mailing.Purpose.NEWSLETTER,
    )
    Client().post(f"/mailings/unsubscribe/{crossed}/")
    assert NewsletterSubscription.objects.get(contact=bo).is_active
    assert NewsletterSubscription.objects.get(contact=anna).is_active


@pytest.fixture
def invited(parties):
    event = Event.objects.create(
        title="Inflyttarträff i Bräcke", starts_at=timezone.now() + timedelta(days=14), place="Folkets hus", capacity=5
    )
    person = contact(first_name="Ada", email="ada@example.se", language="sv", municipalities=("bracke",))
    Invitation.objects.create(event=event, contact=person)
    return event, person


@pytest.mark.parametrize(("setting", "age", "works"), [(None, 89, True), (None, 91, False), (30, 31, False)])
def test_an_rsvp_link_expires(settings, made_days_ago, invited, setting, age, works):
    if setting is not None:
        settings.INFLYTT_RSVP_LINK_DAYS = setting
    event, person = invited
    made_days_ago(age)
    path = f"/mailings/rsvp/{rsvp_token(event_id=event.pk, contact_id=person.pk)}/"
    response = Client().post(path, {"coming": "yes", "guests": "0"})
    answer = Invitation.objects.get(event=event, contact=person).answer
    if works:
        assert response.status_code == 200 and answer == Invitation.Answer.YES
    else:
        assert response.status_code == 410 and answer == Invitation.Answer.NONE


def test_the_expired_rsvp_page_names_the_event_and_mails_a_fresh_link(
    made_days_ago, invited, django_capture_on_commit_callbacks
):
    event, person = invited
    made_days_ago(100)
    path = f"/mailings/rsvp/{rsvp_token(event_id=event.pk, contact_id=person.pk)}/"
    page = Client().get(path)
    assert page.status_code == 410 and page["Content-Language"] == "sv"
    text = page.content.decode()
    assert "Länken har slutat gälla" in text and event.title in text and "Mejla mig en ny länk" in text

    client = Client()
    client.get(path)  # the page sets the CSRF cookie the form posts back
    made_days_ago(0)  # the fresh link is made now
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(path, {"new_link": "1", "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert sent.status_code == 200
    assert [message.to for message in mail.outbox] == [["ada@example.se"]]
    assert event.title in mail.outbox[0].body
    fresh = path_in(str(mail.outbox[0].body), "rsvp")
    assert Client().post(fresh, {"coming": "yes", "guests": "1"}).status_code == 200
    assert Invitation.objects.get(event=event, contact=person).answer == Invitation.Answer.YES


def test_a_sent_newsletter_carries_a_link_bound_to_the_subscription(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    from inflytt.mailings import services
    from inflytt.mailings.tokens import read_unsubscribe_token

    person = subscriber(email="anna@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_mailing(mailing=make_mailing(), acting_user=personas["coordinator"])
    header = smtp_server.messages[0]["List-Unsubscribe"]
    token = re.search(r"/mailings/unsubscribe/([^/]+)/", header).group(1)
    link = read_unsubscribe_token(token, purpose=Mailing.Purpose.NEWSLETTER)
    assert link is not None and link.is_for(person.newsletter) and not link.expired
