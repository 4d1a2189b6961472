"""Likely duplicates and the merge of two cards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts import merge
from inflytt.contacts.duplicates import duplicate_candidates, email_key
from inflytt.contacts.models import (
    Activity,
    Consent,
    Contact,
    ContactInterest,
    ContactMunicipality,
    MagazineOrder,
    NewsletterSubscription,
)
from inflytt.contacts.tests import factories
from inflytt.mailings.models import Event, Invitation


def test_email_key_ignores_tags_and_gmail_dots():
    assert email_key("Anna.Svensson+inflytt@gmail.com") == email_key("annasvensson@googlemail.com")
    assert email_key("anna.svensson@telia.com") != email_key("annasvensson@telia.com")


@pytest.mark.django_db
def test_candidates_by_email_phone_and_similar_name_in_the_same_city(parties):
    factories.contact(current_city="Kiruna")  # unrelated card first: ids differ from positions
    a = factories.contact(email="anna.svensson@gmail.com", phone="", first_name="Anna", last_name="Svensson")
    b = factories.contact(email="annasvensson+x@gmail.com", phone="", first_name="A", last_name="S")
    c = factories.contact(phone="070-765 43 21", email="c@example.se", last_name="Berg")
    d = factories.contact(phone="+46707654321", email="d@example.se", last_name="Holm")
    e = factories.contact(first_name="Per-Olof", last_name="Åström", current_city="Östersund", phone="")
    f = factories.contact(first_name="Per Olof", last_name="Aström", current_city="östersund", phone="")
    g = factories.contact(first_name="Per-Olof", last_name="Åström", current_city="Umeå", phone="")
    found = {(item.first_id, item.second_id): item for item in duplicate_candidates()}
    assert found[(a.pk, b.pk)].reason == "email" and found[(a.pk, b.pk)].score == 100
    assert found[(c.pk, d.pk)].reason == "phone"
    assert found[(e.pk, f.pk)].reason == "name" and found[(e.pk, f.pk)].score >= 90
    assert (e.pk, g.pk) not in found, "a similar name in another city is not a duplicate"


@pytest.fixture
def pair(parties, personas):
    for _ in range(3):
        factories.contact()  # ids of cards differ from those of the rows that move
    older = factories.contact(
        municipalities=("bracke",),
        interests=("job",),
        first_name="Åsa",
        email="asa@example.se",
        registered_at=timezone.now() - timedelta(days=30),
    )
    newer = factories.contact(
        municipalities=("are", "bracke"), interests=("job", "housing"), first_name="Åsa-Lena", email="asa2@example.se"
    )
    return older, newer


@pytest.mark.django_db
def test_merge_moves_every_row_and_keeps_the_chosen_fields(pair, personas, client_for):
    keep, drop = pair
    guide = personas["guide_bracke"]
    NewsletterSubscription.objects.create(contact=drop, confirmed_at=timezone.now())
    MagazineOrder.objects.create(contact=drop, street="Storgatan 1", postal_code="83131", city="Östersund")
    Consent.objects.create(contact=drop, purpose="guidance", text_version="1", text="x")
    event = Event.objects.create(
        title="Träff", starts_at=timezone.now() + timedelta(days=3), place="Bräcke", capacity=5
    )
    Invitation.objects.create(event=event, contact=drop)
    Activity.objects.create(contact=drop, kind=Activity.Kind.CALL, body="Samtal")
    client = client_for("guide_bracke")
    response = client.post(f"/contacts/{keep.pk}/merge/{drop.pk}/", {"first_name": "drop", "email": "drop"})
    assert response.status_code == 302 and response.url == f"/contacts/{keep.pk}/"
    assert not Contact.objects.filter(pk=drop.pk).exists()
    keep.refresh_from_db()
    assert (keep.first_name, keep.email) == ("Åsa-Lena", "asa2@example.se")
    for field in merge.contact_relations():
        assert not field.model._default_manager.filter(**{f"{field.name}_id": drop.pk}).exists(), field
    assert NewsletterSubscription.objects.get(contact=keep).is_active
    assert Invitation.objects.filter(contact=keep).count() == 1
    assert set(ContactMunicipality.objects.filter(contact=keep).values_list("party__slug", flat=True)) == {
        "bracke",
        "are",
    }
    assert set(ContactInterest.objects.filter(contact=keep).values_list("interest", flat=True)) == {"job", "housing"}
    assert keep.activities.filter(kind=Activity.Kind.CALL, body="Samtal").exists()
    assert keep.activities.filter(kind=Activity.Kind.SYSTEM, subject__contains=str(drop.pk)).exists()
    event_row = AuditEvent.objects.get(contact_id=keep.pk, detail__merged=drop.pk)
    assert event_row.actor == guide
    assert client.get(f"/contacts/{drop.pk}/").url == f"/contacts/{keep.pk}/", "the old address leads to the kept card"


@pytest.mark.django_db
def test_merge_of_two_parties_keeps_the_older_clock_and_tells_both(pair, personas, django_capture_on_commit_callbacks):
    keep, drop = pair
    older_due = keep.first_response_due
    assert drop.first_response_due != older_due
    with django_capture_on_commit_callbacks(execute=True):
        merge.merge_contacts(keep=drop, drop=keep, choices={}, acting_user=personas["guide_are"])
    drop.refresh_from_db()
    assert drop.first_response_due == older_due and drop.registered_at == keep.registered_at
    told = {address for message in mail.outbox for address in message.to}
    assert personas["guide_bracke"].email in told and personas["guide_are"].email in told


@pytest.mark.django_db
def test_a_card_is_not_merged_with_itself(client_for, pair):
    keep, _drop = pair
    assert client_for("guide_bracke").post(f"/contacts/{keep.pk}/merge/{keep.pk}/").status_code == 404
