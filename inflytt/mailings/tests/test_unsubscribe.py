"""One-click unsubscribe (RFC 8058): the mail client's POST to the signed link unsubscribes at
once; a GET only shows a button, so a mail scanner following links unsubscribes nobody. The 2025
agreement, Bilaga 4 (docs/requirements.md): "bra urval så att varje inbjudan hamnar med relevant information hos rätt
individ" — and the one who no longer wants it gets nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from inflytt.contacts.models import Activity, NewsletterSubscription
from inflytt.mailings import services
from inflytt.mailings.models import Delivery, Mailing
from inflytt.mailings.selectors import recipients
from inflytt.mailings.tests.conftest import subscriber
from inflytt.mailings.tokens import rsvp_token, unsubscribe_token

pytestmark = pytest.mark.django_db


def _in_both(text: str) -> list[str]:
    with translation.override("sv"):
        return [text, translation.gettext(text)]


UNSUBSCRIBED = _in_both("Unsubscribed from the newsletter")


def link_from(message) -> str:
    url = re.search(r"<(https?://[^>]+)>", message["List-Unsubscribe"]).group(1)
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.fixture
def sent(smtp_server, make_mailing, personas, django_capture_on_commit_callbacks):
    person = subscriber(first_name="Anna", email="anna@example.se", language="en")
    mailing = make_mailing()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    return person, mailing, link_from(smtp_server.messages[0])


def test_the_one_click_post_from_the_mail_header_unsubscribes_at_once(sent):
    person, mailing, link = sent
    client = Client(enforce_csrf_checks=True)  # a mail client has no CSRF cookie
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription = NewsletterSubscription.objects.get(contact=person)
    assert subscription.unsubscribed_at is not None and not subscription.is_active
    assert Activity.objects.filter(contact=person, kind=Activity.Kind.SYSTEM, subject__in=UNSUBSCRIBED).exists()
    assert Delivery.objects.get(mailing=mailing, contact=person).unsubscribed_at is not None
    assert person not in recipients(Mailing(purpose=Mailing.Purpose.NEWSLETTER))


def test_a_get_shows_one_button_in_the_persons_language_and_changes_nothing(sent):
    person, _mailing, link = sent
    response = Client().get(link)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"  # ?lang=en from the mail
    page = response.content.decode()
    assert page.count('type="submit"') == 1 and 'method="post"' in page
    assert NewsletterSubscription.objects.get(contact=person).is_active

    # Without ?lang= the subscription's language holds; ?lang=sv switches.
    bare = link.split("?")[0]
    assert Client().get(bare)["Content-Language"] == "en"
    assert Client().get(bare + "?lang=sv")["Content-Language"] == "sv"


def test_a_forged_or_foreign_link_is_refused(sent):
    person, _mailing, link = sent
    path = link.split("?")[0]
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert Client().post(tampered).status_code == 404
    # A token for another purpose (an RSVP) cannot unsubscribe anyone.
    other = rsvp_token(event_id=1, contact_id=person.pk)
    assert Client().post(f"/mailings/unsubscribe/{other}/").status_code == 404
    # A guidance-purpose token is not a newsletter one.
    subscription = person.newsletter
    guidance = unsubscribe_token(
        contact_id=person.pk, subscription_id=subscription.pk, subscribed_at=subscription.created_at, purpose="guidance"
    )
    assert Client().post(f"/mailings/unsubscribe/{guidance}/").status_code == 404
    assert NewsletterSubscription.objects.get(contact=person).is_active


def test_a_second_click_is_harmless_and_resubscribing_needs_a_new_opt_in(sent):
    person, _mailing, link = sent
    Client().post(link)
    response = Client().post(link)
    assert response.status_code == 200
    assert Activity.objects.filter(contact=person, kind=Activity.Kind.SYSTEM, subject__in=UNSUBSCRIBED).count() == 1
    # The page points to the form, where subscribing again starts a new double opt-in; the old
    # subscription is not revived by anything on this page.
    assert "/en/form/" in Client().get(link).content.decode()
    assert NewsletterSubscription.objects.get(contact=person).confirmed_at is not None
    assert not NewsletterSubscription.objects.get(contact=person).is_active
