"""The Swedish catalogue is complete and safe to use, and Babel compiles both catalogues.

Swedish is the default language, so an empty or fuzzy entry shows English to every user
(gettext skips fuzzy entries at runtime), and a placeholder that differs between msgid and
msgstr either drops a value or raises KeyError when the string is formatted.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
SV_PO = LOCALE_DIR / "sv" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"

# printf-style directives: %(name)s, %(count)d, %s, %.2f and the literal %%. The name may be any text
# without ")", as in the msgids makemessages writes for {{ value|filter }} in a blocktranslate.
PYTHON_FORMAT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
# str.format fields: {name}, {0}, {name!r}, {name:>10}; "{{" and "}}" are literal braces.
BRACE_FORMAT = re.compile(r"(?<!\{)\{(\w*(?:\.\w+)*(?:![rsa])?(?::[^{}]*)?)\}(?!\})")


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]  # every entry except the header


def _label(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs: one per plural form, matched to msgid or msgid_plural."""
    if isinstance(message.id, str):
        return [(message.id, message.string)]  # type: ignore[list-item]
    singular, plural = message.id[0], message.id[1]
    return [(singular if index == 0 else plural, string) for index, string in enumerate(message.string)]  # type: ignore[arg-type]


def _placeholders(text: str, *, python_format: bool) -> Counter[str]:
    found: Counter[str] = Counter("{" + field + "}" for field in BRACE_FORMAT.findall(text))
    if python_format:
        found.update(PYTHON_FORMAT.findall(text))
    return found


@pytest.fixture(scope="module")
def swedish() -> Catalog:
    return _catalog(SV_PO)


def test_the_swedish_catalogue_has_a_usable_header(swedish):
    assert not swedish.fuzzy, "a fuzzy header makes `pybabel compile` skip the whole catalogue"
    assert str(swedish.locale) == "sv"
    assert swedish.num_plurals == 2
    assert _messages(swedish), "the catalogue has no messages: run `make makemessages`"


def test_every_swedish_message_is_translated(swedish):
    empty = [_label(m) for m in _messages(swedish) if any(not string.strip() for _, string in _forms(m))]
    assert not empty, f"{len(empty)} untranslated: {empty[:20]}"


def test_no_swedish_message_is_fuzzy(swedish):
    fuzzy = [_label(m) for m in _messages(swedish) if m.fuzzy]
    assert not fuzzy, f"fuzzy entries are ignored at runtime; review and unflag: {fuzzy[:20]}"


def test_placeholders_are_kept_in_the_swedish_translations(swedish):
    wrong = []
    for message in _messages(swedish):
        python_format = "python-format" in message.flags or message.python_format
        for source, translation in _forms(message):
            expected = _placeholders(source, python_format=python_format)
            actual = _placeholders(translation, python_format=python_format)
            if expected != actual:
                wrong.append((source, translation, dict(expected), dict(actual)))
    assert not wrong, "\n".join(repr(entry) for entry in wrong)


@pytest.mark.parametrize("path", [SV_PO, EN_PO], ids=["sv", "en"])
def test_babel_compiles_the_catalogue(path, tmp_path):
    catalog = _catalog(path)
    assert not catalog.fuzzy
    mo = tmp_path / "django.mo"
    with mo.open("wb") as out:
        write_mo(out, catalog)
    with mo.open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    if path == SV_PO:
        assert translations.gettext("Page not found") == "Sidan finns inte"
        assert translations.ngettext("%(counter)s contact", "%(counter)s contacts", 1) == "%(counter)s kontakt"
        assert translations.ngettext("%(counter)s contact", "%(counter)s contacts", 2) == "%(counter)s kontakter"
    else:
        # English is the source: empty translations fall back to the msgids.
        assert translations.gettext("Page not found") == "Page not found"
        assert translations.ngettext("%(counter)s contact", "%(counter)s contacts", 2) == "%(counter)s contacts"


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def test_no_string_is_translated_inside_an_f_string():
    """xgettext does not read a call inside an f-string: `makemessages` leaves such a string out of
    the catalogues (and with --no-obsolete drops its translation), so the page shows English. Found
    when a regeneration dropped "No activities yet." and the menu's "Settings"."""
    import ast

    found = []
    for path in sorted((Path(settings.BASE_DIR) / "inflytt").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) in GETTEXT_NAMES:
                        found.append(f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}")
    assert found == []
