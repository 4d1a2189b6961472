"""The mailing editor (issue 14): a live preview of each language's Markdown, single line breaks kept."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_preview_renders_markdown_with_single_line_breaks_and_nothing_executable(client_for):
    body = "Hej {first_name}!\nVälkommen till **Bräcke**.\n\n<script>alert(1)</script>"
    html = (
        client_for("guide_bracke").post("/mailings/body-preview/", {"preview": "sv", "body_sv": body}).content.decode()
    )
    assert "Hej {first_name}!<br>" in html or "Hej {first_name}!<br />" in html
    assert "<strong>Bräcke</strong>" in html
    assert "<script>" not in html


def test_the_english_preview_reads_the_english_body(client_for):
    html = (
        client_for("guide_bracke")
        .post("/mailings/body-preview/", {"preview": "en", "body_sv": "Svenska", "body_en": "English *text*"})
        .content.decode()
    )
    assert 'id="preview-en"' in html and "<em>text</em>" in html and "Svenska" not in html
