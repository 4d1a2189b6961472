"""Introducing a newcomer to a place ambassador: "Tillgång till professionella och sociala nätverk
inför deras flytt" (the 2025 agreement, Bilaga 4)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from inflytt.contacts.models import Activity
from inflytt.contacts.tests.factories import contact
from inflytt.networks import services
from inflytt.networks.models import Ambassador, AmbassadorActivity, Introduction
from inflytt.networks.tasks import send_introduction
from inflytt.networks.tests.factories import ambassador, coworking


@pytest.fixture
def pair(parties):
    coworking()  # unrelated rows first, so ids differ between tables
    person = contact(
        first_name="Märta",
        last_name="Nykomling",
        email="marta@example.se",
        phone="+46701112233",
        occupation="Sjuksköterska",
        municipalities=("are",),
    )
    host = ambassador(
        party="are", first_name="Gunnel", email="gunnel@example.se", phone="+46709998877", share_phone=False
    )
    return person, host


@pytest.mark.django_db
def test_without_consent_nothing_is_introduced(pair, personas):
    person, host = pair
    with pytest.raises(ValidationError):
        services.introduce(
            contact=person, ambassador=host, shared=["name"], consent_given=False, acting_user=personas["guide_are"]
        )
    assert not Introduction.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_ambassador_gets_only_what_the_person_agreed_to_share(pair, personas, django_capture_on_commit_callbacks):
    person, host = pair
    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.introduce(
            contact=person,
            ambassador=host,
            shared=["name", "email"],
            consent_given=True,
            acting_user=personas["guide_are"],
        )
    to_ambassador = next(message for message in mail.outbox if message.to == ["gunnel@example.se"])
    assert "Märta Nykomling" in to_ambassador.body and "marta@example.se" in to_ambassador.body
    assert "+46701112233" not in to_ambassador.body and "Sjuksköterska" not in to_ambassador.body
    to_person = next(message for message in mail.outbox if message.to == ["marta@example.se"])
    # The ambassador chose to give the email, not the phone number.
    assert "gunnel@example.se" in to_person.body and "+46709998877" not in to_person.body
    introduction.refresh_from_db()
    assert introduction.ambassador_mailed_at and introduction.newcomer_mailed_at
    # The consent is recorded with the exact text the guide read and its version.
    assert "Gunnel" in introduction.consent_text and introduction.consent_text_version


@pytest.mark.django_db
def test_a_retried_task_sends_each_mail_once(pair, personas, django_capture_on_commit_callbacks):
    person, host = pair
    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.introduce(
            contact=person, ambassador=host, shared=["name"], consent_given=True, acting_user=personas["guide_are"]
        )
    send_introduction(introduction.pk)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_introduction_is_logged_on_both_cards_with_a_follow_up(pair, personas):
    person, host = pair
    services.introduce(
        contact=person, ambassador=host, shared=["name"], consent_given=True, acting_user=personas["guide_are"]
    )
    note = Activity.objects.get(contact=person, subject__contains="Gunnel")
    assert note.follow_up_on is not None
    logged = AmbassadorActivity.objects.get(ambassador=host, kind=AmbassadorActivity.Kind.INTRODUCTION)
    # The network manager reads the ambassador's log: it names no newcomer.
    assert "Märta" not in logged.body and "Nykomling" not in logged.body


@pytest.mark.django_db
def test_a_paused_ambassador_cannot_be_introduced(pair, personas):
    person, _host = pair
    paused = ambassador(party="are", status=Ambassador.Status.PAUSED)
    with pytest.raises(ValidationError):
        services.introduce(
            contact=person, ambassador=paused, shared=["name"], consent_given=True, acting_user=personas["guide_are"]
        )


@pytest.mark.django_db
def test_the_guide_introduces_from_the_networks_page_and_records_the_meeting(pair, client_for):
    person, host = pair
    client = client_for("guide_bracke")
    page = client.get(f"/networks/contacts/{person.pk}/")
    assert f"/networks/contacts/{person.pk}/introduce/{host.pk}/" in page.content.decode()
    form = client.get(f"/networks/contacts/{person.pk}/introduce/{host.pk}/")
    token = form.context["submission_token"]
    refused = client.post(
        f"/networks/contacts/{person.pk}/introduce/{host.pk}/", {"shared": ["name"], "submission_token": token}
    )
    assert refused.status_code == 400
    done = client.post(
        f"/networks/contacts/{person.pk}/introduce/{host.pk}/",
        {"shared": ["name", "email"], "consent_given": "on", "submission_token": token},
    )
    assert done.status_code == 302
    introduction = Introduction.objects.get()
    assert introduction.shared == ["name", "email"]
    client.post(f"/networks/introductions/{introduction.pk}/met/", {"met": "yes"})
    introduction.refresh_from_db()
    assert introduction.met == Introduction.Met.YES
