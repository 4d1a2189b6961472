from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_unknown_page_is_404_in_the_app_layout(client_for):
    response = client_for("guide_bracke").get("/no-such-page/")
    assert response.status_code == 404
    assert b"site-header" in response.content
    assert b"Sidan finns inte" in response.content


@pytest.mark.django_db
def test_every_page_refuses_framing_and_sets_a_strict_csp(client_for):
    response = client_for("guide_bracke").get("/contacts/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "http" not in csp  # no third-party origin anywhere
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_staff_pages_are_not_cached(client_for):
    response = client_for("guide_bracke").get("/contacts/")
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_swedish_is_the_default_and_english_a_choice(client_for, parties):
    client = client_for("guide_bracke")
    assert 'lang="sv"' in client.get("/contacts/", HTTP_ACCEPT_LANGUAGE="en").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/contacts/"})
    assert 'lang="en"' in client.get("/contacts/").text


@pytest.mark.django_db
def test_a_server_error_shows_no_stack_trace(client_for, settings):
    from django.test import Client

    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    from unittest import mock

    with mock.patch("inflytt.core.views.JsonResponse", side_effect=RuntimeError("boom")):
        response = client.get("/healthz")
    assert response.status_code == 500
    assert b"Traceback" not in response.content and b"boom" not in response.content
