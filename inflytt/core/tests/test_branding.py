"""The programme's own name, logo, colour, sender address and signature from a settings page a
coordinator edits (issue 14); the demo shows "Ta steget". Headers, mails and PDFs use them."""

from __future__ import annotations

import io
import os

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from PIL import Image

from inflytt.audit.models import AuditEvent
from inflytt.parties.branding import programme_name, sender

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
    assert '<a class="brand" href="/"><span class="brand-name">Ta steget</span></a>' in page
    assert "– Ta steget</title>" in page
    assert Client().get("/branding.css").content.decode().strip() == ":root { --brand: #0b3d6e; }"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EDIT, detail__branding=True).exists()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password-reset/", {"email": personas["guide_bracke"].email})
    assert "Ta steget" in mail.outbox[-1].subject


def test_the_colour_field_starts_from_the_colour_in_use_not_black(client_for):
    # An empty colour input shows and sends #000000; the form starts from the stylesheet's colour.
    page = client_for("coordinator").get("/settings/branding/").content.decode()
    assert 'value="#0b5e55"' in page


def test_a_light_colour_is_refused_for_its_contrast(client_for):
    response = client_for("coordinator").post("/settings/branding/", {"name": "Ta steget", "colour": "#ffdd00"})
    assert response.status_code == 400
    assert "kontrast" in response.content.decode()


def test_only_coordinators_edit_the_branding(client_for):
    assert client_for("guide_bracke").get("/settings/branding/").status_code == 403


def _png(size: tuple[int, int] = (600, 200), colour: str = "white") -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    out.seek(0)
    out.name = "logo.png"
    return out


def _save(client, **fields):
    data = {"name": "Ta steget", "colour": "#0b3d6e", "sender_email": "", "signature": "", **fields}
    return client.post("/settings/branding/", data)


def test_an_uploaded_logo_is_reencoded_served_from_our_origin_and_shown_in_the_header(
    client_for, django_capture_on_commit_callbacks
):
    coordinator = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        assert _save(coordinator, logo=_png()).status_code == 302
    logo = Client().get("/branding/logo.png")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(logo.content)) as image:  # scaled into the 480 x 160 box
        assert image.format == "PNG" and image.size == (480, 160)
    page = client_for("guide_bracke").get("/contacts/").content.decode()
    assert '<img class="brand-logo" src="/branding/logo.png?v=' in page
    public = Client().get("/sv/form/bracke/").content.decode()
    assert 'class="brand-logo"' in public
    assert "logo" in AuditEvent.objects.filter(detail__branding=True).latest("pk").detail["fields"]

    with django_capture_on_commit_callbacks(execute=True):
        assert _save(coordinator, remove_logo="on").status_code == 302
    assert Client().get("/branding/logo.png").status_code == 404


@pytest.mark.parametrize(
    ("payload", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (b"GIF89a not a picture", "logo.png"),
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused(client_for, payload, name):
    upload = io.BytesIO(payload)
    upload.name = name
    response = _save(client_for("coordinator"), logo=upload)
    assert response.status_code == 400
    assert "PNG" in response.content.decode()
    assert Client().get("/branding/logo.png").status_code == 404


def test_a_logo_above_the_size_limit_is_refused(client_for):
    noise = io.BytesIO()
    Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3)).save(noise, format="PNG")
    assert noise.tell() > 512 * 1024
    noise.seek(0)
    noise.name = "big.png"
    response = _save(client_for("coordinator"), logo=noise)
    assert response.status_code == 400


def test_a_colour_must_also_stand_out_on_the_page_background(client_for):
    # #767676 passes 4.5:1 against white text (4.54) but not on the grey page background (4.2).
    response = _save(client_for("coordinator"), colour="#767676")
    assert response.status_code == 400
    assert "#767676" not in programme_name()


def test_the_programmes_mails_come_from_its_sender_and_end_with_its_signature(
    client_for, parties, mailoutbox, django_capture_on_commit_callbacks
):
    from inflytt.intake.tests.helpers import post_form

    with django_capture_on_commit_callbacks(execute=True):
        _save(client_for("coordinator"), sender_email="info@tasteget.example", signature="Ta steget\nRegion JH")
    with django_capture_on_commit_callbacks(execute=True):
        post_form(Client())
    receipt = next(message for message in mailoutbox if message.to == ["asa.oberg@example.se"])
    assert receipt.from_email == "Ta steget <info@tasteget.example>"
    assert receipt.body.rstrip().endswith("Ta steget\nRegion JH")
    event = AuditEvent.objects.filter(detail__branding=True).latest("pk")
    assert {"sender_email", "signature"} <= set(event.detail["fields"])
    assert "info@tasteget.example" not in str(event.detail)  # the names, not the values


def test_a_signature_with_braces_is_refused(client_for):
    # The newsletter's templates fill {places} after rendering: a signature must not add one.
    assert _save(client_for("coordinator"), signature="Ring {first_name}").status_code == 400


def test_without_a_sender_the_servers_address_is_used(settings):
    settings.DEFAULT_FROM_EMAIL = "inflytt@region.example"
    assert sender() == "inflytt@region.example"


def test_the_demo_shows_ta_steget_with_a_logo(parties, django_capture_on_commit_callbacks):
    from inflytt.contacts.demo import load_demo_data

    with django_capture_on_commit_callbacks(execute=True):
        load_demo_data(households=2)
    assert programme_name() == "Ta steget"
    logo = Client().get("/branding/logo.png")
    assert logo.status_code == 200 and logo.content.startswith(b"\x89PNG")
