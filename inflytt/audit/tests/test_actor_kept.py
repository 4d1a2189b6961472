"""Issue 10: "Audit events keep who acted after that user is deleted (store the actor's id and a
label snapshot; never SET_NULL the only link)."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils.html import escape

from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.tests.factories import contact

pytestmark = pytest.mark.django_db


def test_an_event_still_says_who_acted_after_the_user_is_deleted(client_for, personas):
    guide = personas["guide_are"]
    person = contact(email="kept@example.se")
    event = record_event(action=AuditEvent.Action.VIEW, actor=guide, contact_id=person.pk, obj=person)
    guide_pk, label = guide.pk, "Guide Are Testsson <guide_are@example.se>"
    assert event.actor_label == label

    guide.delete()

    event.refresh_from_db()
    assert event.actor_id == guide_pk
    assert event.actor_label == label
    coordinator = client_for("coordinator")
    page = coordinator.get(f"/privacy/audit/?contact_id={person.pk}")
    assert escape(label) in page.content.decode()
    export = coordinator.get(f"/privacy/audit/export.csv?contact_id={person.pk}&action=view")
    rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in rows[1:]] == [label]


def test_the_label_is_the_name_at_the_time(personas):
    guide = personas["guide_bracke"]
    event = record_event(action=AuditEvent.Action.SEARCH, actor=guide)
    guide.first_name, guide.email = "Renamed", "renamed@example.se"
    guide.save()
    event.refresh_from_db()
    assert event.actor_label == "Guide Bracke Testsson <guide_bracke@example.se>"


def test_the_actor_link_is_never_set_to_null():
    field = AuditEvent._meta.get_field("actor")
    assert field.remote_field.on_delete.__name__ == "DO_NOTHING"
    assert field.db_constraint is False  # type: ignore[attr-defined]
