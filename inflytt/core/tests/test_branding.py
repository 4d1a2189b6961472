"""The programme's own name and colour from a settings page a coordinator edits (issue 14); the
demo shows "Ta steget". Pages and mails use the name; the header the colour."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from inflytt.audit.models import AuditEvent
from inflytt.parties.branding import programme_name

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_a_coordinator_names_the_programme_and_pages_and_mails_use_it(
    client_for, personas, django_capture_on_commit_callbacks
):
    coordinator = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post("/settings/branding/", {"name": "Ta steget", "colour": "#0b3d6e"})
    assert response.status_code == 302
    assert programme_name() == "Ta steget"
    page = client_for("guide_bracke").get("/contacts/").content.decode()
    assert '<a class="brand" href="/">Ta steget</a>' in page and "– Ta steget</title>" in page
    assert Client().get("/branding.css").content.decode().strip() == ":root { --brand: #0b3d6e; }"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EDIT, detail__branding=True).exists()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password-reset/", {"email": personas["guide_bracke"].email})
    assert "Ta steget" in mail.outbox[-1].subject


def test_a_light_colour_is_refused_for_its_contrast(client_for):
    response = client_for("coordinator").post("/settings/branding/", {"name": "Ta steget", "colour": "#ffdd00"})
    assert response.status_code == 400
    assert "kontrast" in response.content.decode()


def test_only_coordinators_edit_the_branding(client_for):
    assert client_for("guide_bracke").get("/settings/branding/").status_code == 403
