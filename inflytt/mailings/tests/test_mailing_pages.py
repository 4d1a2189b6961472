"""The staff pages of a mailing: write, preview, test, send; bad input is told, nothing sent.
The 2025 agreement, Bilaga 4 (docs/requirements.md): "bra urval så att varje inbjudan hamnar med relevant information
hos rätt individ"."""

from __future__ import annotations

import pytest

from inflytt.mailings.models import Mailing
from inflytt.mailings.tests.conftest import subscriber

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Vårnytt",
    "purpose": "newsletter",
    "kind": "standard",
    "subject_sv": "Hej {first_name}",
    "body_sv": "Nyheter från **{municipality}**\n\n<script>alert(1)</script>",
    "subject_en": "",
    "body_en": "",
}


def test_write_preview_test_and_send_a_mailing(client_for, smtp_server, django_capture_on_commit_callbacks):
    subscriber(first_name="Anna", email="anna@example.se", municipalities=("bracke",))
    client = client_for("coordinator")
    response = client.post("/mailings/new/", FORM)
    assert response.status_code == 302
    mailing = Mailing.objects.get(name="Vårnytt")
    detail = client.get(f"/mailings/{mailing.pk}/").content.decode()
    assert 'id="live-count">1<' in detail

    preview = client.get(f"/mailings/{mailing.pk}/preview/").content.decode()
    assert "<strong>{municipality}</strong>" in preview and "<script>alert" not in preview

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mailings/{mailing.pk}/test/")
    assert [m["To"] for m in smtp_server.messages] == ["coordinator@example.se"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mailings/{mailing.pk}/send/", {"send_at": ""})
    assert response.status_code == 302
    assert [m["To"] for m in smtp_server.messages][1:] == ["anna@example.se"]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT and mailing.recipients == 1
    # A sent mailing can no longer be changed.
    assert client.get(f"/mailings/{mailing.pk}/edit/").status_code == 302


def test_an_unknown_merge_field_is_named_at_the_field(client_for, parties):
    response = client_for("coordinator").post("/mailings/new/", {**FORM, "body_sv": "Hej {fornamn}"})
    assert response.status_code == 400
    assert "{fornamn}" in response.content.decode()
    assert not Mailing.objects.exists()


def test_a_scheduled_mailing_waits_for_its_time(client_for, smtp_server, django_capture_on_commit_callbacks):
    subscriber(email="anna@example.se")
    client = client_for("coordinator")
    client.post("/mailings/new/", FORM)
    mailing = Mailing.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mailings/{mailing.pk}/send/", {"send_at": "2099-01-01T09:00"})
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED
    assert smtp_server.messages == []
    client.post(f"/mailings/{mailing.pk}/unschedule/")
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT


def test_the_list_pages_answer(client_for, parties):
    client = client_for("guide_are")
    for path in ("/mailings/", "/mailings/segments/", "/mailings/events/", "/mailings/magazine/"):
        assert client.get(path).status_code == 200, path
