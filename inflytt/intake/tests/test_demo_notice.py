"""Demo mode is said on the public pages too: nobody types real personal data into a demo."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/sv/form/", "/en/form/", "/sv/form/bracke/"])
def test_the_public_form_shows_the_demo_notice_in_demo_mode(client, parties, settings, path):
    settings.DEMO_MODE = True
    page = client.get(path)
    assert page.status_code == 200
    assert b'class="demo-notice" role="note"' in page.content
    settings.DEMO_MODE = False
    assert b"demo-notice" not in client.get(path).content


def test_the_notice_is_translated(client, parties, settings):
    settings.DEMO_MODE = True
    assert "Skriv inte in riktiga personuppgifter" in client.get("/sv/form/").content.decode()
    assert "Do not enter real personal data" in client.get("/en/form/").content.decode()
