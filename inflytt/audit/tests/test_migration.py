"""The move of the audit trail from the privacy app keeps every row: the same table, now the
audit app's model, with nothing copied and nothing lost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from inflytt.audit.models import AuditEvent

BEFORE = [("privacy", "0002_retention_and_audit_party_index"), ("audit", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


@pytest.mark.django_db(transaction=True)
def test_events_written_before_the_move_are_read_by_the_audit_app():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = _migrate(BEFORE)
    try:
        OldEvent = old_apps.get_model("privacy", "AuditEvent")
        ContentType = old_apps.get_model("contenttypes", "ContentType")
        ContentType.objects.get_or_create(app_label="privacy", model="auditevent")
        # Unrelated rows first, so the event's id differs from any other table's.
        for _ in range(3):
            OldEvent.objects.create(action="search")
        old = OldEvent.objects.create(action="view", contact_id=4711, detail={"format": "json"})
    finally:
        _migrate(latest)
    moved = AuditEvent.objects.get(pk=old.pk)
    assert (moved.action, moved.contact_id, moved.detail) == ("view", 4711, {"format": "json"})
    assert AuditEvent.objects.count() == 4
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    assert CurrentContentType.objects.get_for_model(AuditEvent).app_label == "audit"
    assert not CurrentContentType.objects.filter(app_label="privacy", model="auditevent").exists()


@pytest.mark.django_db(transaction=True)
def test_events_of_existing_users_get_their_label():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = _migrate(BEFORE)
    try:
        party = old_apps.get_model("parties", "Party").objects.create(
            slug="are", name="Åre kommun", kind="municipality"
        )
        user_model = old_apps.get_model("accounts", "User")
        user_model.objects.create(email="spare@example.se", party=party)  # ids differ from the events'
        guide = user_model.objects.create(email="guide@example.se", first_name="Gun", last_name="Berg", party=party)
        OldEvent = old_apps.get_model("privacy", "AuditEvent")
        OldEvent.objects.create(action="login")
        event = OldEvent.objects.create(action="view", actor_id=guide.pk, contact_id=1)
    finally:
        _migrate(latest)
    moved = AuditEvent.objects.get(pk=event.pk)
    assert (moved.actor_id, moved.actor_label) == (guide.pk, "Gun Berg <guide@example.se>")
    assert AuditEvent.objects.get(action="login").actor_label == ""
