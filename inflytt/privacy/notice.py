"""The installation's own parts of the privacy notice (who receives the data, the data protection
officer), from settings.INFLYTT_PRIVACY_NOTICE in Swedish and English. The notice page and the
consent texts are built in inflytt.intake.privacy, which adds these paragraphs."""

from __future__ import annotations

from django.utils import translation

from inflytt.privacy import conf

SECTIONS = ("recipients", "dpo")


def installation_paragraphs(language: str | None = None) -> list[str]:
    """The configured paragraphs in `language` (default: the active one; Swedish as fallback)."""
    language = (language or translation.get_language() or "sv")[:2]
    texts = conf.get("INFLYTT_PRIVACY_NOTICE")
    paragraphs = []
    for section in SECTIONS:
        by_language = texts.get(section) or {}
        text = by_language.get(language) or by_language.get("sv") or ""
        if text:
            paragraphs.append(text)
    return paragraphs
