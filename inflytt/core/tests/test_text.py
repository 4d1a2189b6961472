from __future__ import annotations

from inflytt.lib.text import fold, normalise_phone, search_terms, search_text_for


def test_fold_handles_swedish_capitals():
    assert fold("  ÅSA  Öberg ") == "åsa öberg"


def test_phone_is_normalised_to_e164():
    assert normalise_phone("070-123 45 67") == "+46701234567"
    assert normalise_phone("+47 912 34 567") == "+4791234567"


def test_search_text_holds_name_email_and_both_phone_forms():
    text = search_text_for("Åsa", "Öberg", "Asa@Example.se", "+46701234567")
    assert "åsa öberg" in text
    assert "asa@example.se" in text
    assert "46701234567" in text and "0701234567" in text


def test_search_terms_detects_phone_numbers():
    assert search_terms("070-123") == ("070-123", "070123")
    assert search_terms("Östen") == ("östen", "")
