"""The privacy notice (GDPR art. 13): controller, purposes and legal basis, recipients, retention,
rights, contact and the data protection officer, from settings, in Swedish and English, public.

The page is the intake app's (/<lang>/privacy/); privacy adds the installation's paragraphs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured(settings, parties):
    settings.INFLYTT_PRIVACY_CONTROLLER = "Region Jämtland Härjedalen"
    settings.INFLYTT_PRIVACY_EMAIL = "dataskydd@example.se"
    settings.INFLYTT_PRIVACY_NOTICE = {
        "recipients": {"sv": "Mottagare: kommunerna i samarbetet.", "en": "Recipients: the municipalities."},
        "dpo": {"sv": "Dataskyddsombud: dso@example.se", "en": "Data protection officer: dso@example.se"},
    }


@pytest.mark.parametrize(
    "lang, words",
    [
        ("sv", ["Mottagare: kommunerna", "Dataskyddsombud: dso@example.se", "6.1 e", "IMY", "5"]),
        ("en", ["Recipients: the municipalities.", "Data protection officer", "6.1 e", "6.1 a", "IMY"]),
    ],
)
def test_the_notice_is_public_and_complete(client, configured, lang, words):
    response = client.get(f"/{lang}/privacy/")
    assert response.status_code == 200
    body = response.content.decode()
    for word in ["Region Jämtland Härjedalen", "dataskydd@example.se", *words]:
        assert word in body, word


def test_the_public_form_links_to_the_notice(client, configured):
    body = client.get("/sv/form/").content.decode()
    assert 'href="/sv/privacy/"' in body


def test_the_installation_text_changes_the_consent_text_version(configured, settings):
    from inflytt.intake.privacy import notice

    before = notice("guidance", "sv").version
    settings.INFLYTT_PRIVACY_NOTICE = {"recipients": {"sv": "Andra mottagare."}}
    assert notice("guidance", "sv").version != before


@pytest.mark.parametrize(
    "template, context",
    [
        ("intake/emails/receipt.txt", {"guidance": False, "magazine": False}),
        ("intake/emails/newsletter_confirm.txt", {"link": "x", "days": 14}),
        ("mailings/emails/mailing.txt", {"body_text": "Hej"}),
        ("mailings/emails/mailing.html", {"body_html": "<p>Hej</p>", "language": "en"}),
    ],
)
def test_every_mail_links_the_notice_in_its_language(parties, settings, template, context):
    from django.template.loader import render_to_string
    from django.utils import translation

    from inflytt.contacts.tests.factories import contact

    settings.INFLYTT_BASE_URL = "https://inflytt.example.se"
    with translation.override("en"):
        text = render_to_string(template, {"contact": contact(), "site_name": "Inflytt", **context})
    assert "https://inflytt.example.se/en/privacy/" in text
