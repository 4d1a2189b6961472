"""Which column fills which field, and how a cell's text becomes a value.

Headers are matched after folding case and dropping everything but letters and digits, so
"E-post", "e post" and "EPOST" are one header. A saved mapping (ImportMapping) names the file's
headers as written and wins over the automatic guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import cache

from babel import Locale
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from inflytt.contacts.models import Activity, Contact
from inflytt.intake.importer.files import Cell
from inflytt.lib.text import fold
from inflytt.parties.models import Party

CONTACTS = "contacts"
ACTIVITIES = "activities"

# field -> (label shown in the mapping, the headers recognised for it, folded)
CONTACT_FIELDS: dict[str, tuple[str | Promise, tuple[str, ...]]] = {
    "external_id": (_("External id"), ("externid", "externtid", "externalid", "kontaktid", "personid", "id")),
    "first_name": (_("First name"), ("förnamn", "fornamn", "firstname", "givenname")),
    "last_name": (_("Last name"), ("efternamn", "lastname", "surname", "familyname")),
    "email": (_("Email"), ("epost", "epostadress", "email", "emailaddress", "mail", "mejl", "mejladress")),
    "phone": (
        _("Phone"),
        ("mobil", "mobiltelefon", "mobilnummer", "telefon", "telefonnummer", "phone", "mobile", "tel"),
    ),
    "street": (_("Street address"), ("adress", "gatuadress", "address", "street", "streetaddress")),
    "postal_code": (_("Postal code"), ("postnummer", "postnr", "postalcode", "zip", "zipcode")),
    "city": (_("City"), ("postort", "ort", "city", "stad", "bostadsort")),
    "country": (_("Country"), ("land", "country")),
    "municipalities": (
        _("Municipalities of interest"),
        ("kommun", "kommuner", "intressekommun", "intressekommuner", "municipality", "municipalities"),
    ),
    "registered_at": (_("Registered"), ("registrerad", "skapad", "created", "registered", "registreringsdatum")),
    "newsletter": (_("Newsletter"), ("nyhetsbrev", "newsletter")),
    "magazine": (_("Magazine"), ("tidning", "tidningen", "magazine")),
    "status": (_("Status"), ("status",)),
    "moved_on": (_("Moved"), ("flyttat", "flyttdatum", "moved", "movedon")),
    "note": (_("Note"), ("anteckning", "anteckningar", "note", "notes", "kommentar")),
    "occupation": (_("Occupation"), ("yrke", "kompetens", "occupation")),
    "language": (_("Language"), ("språk", "sprak", "language")),
    "adults": (_("Adults"), ("vuxna", "adults")),
    "children": (_("Children"), ("barn", "children")),
    "message": (_("Questions"), ("fråga", "frågor", "meddelande", "questions", "message")),
}
ACTIVITY_FIELDS: dict[str, tuple[str | Promise, tuple[str, ...]]] = {
    "external_id": CONTACT_FIELDS["external_id"],
    "email": CONTACT_FIELDS["email"],
    "occurred_at": (_("Date"), ("datum", "date", "tid", "when", "när")),
    "kind": (_("Kind"), ("typ", "kind", "aktivitetstyp", "type", "aktivitet")),
    "subject": (_("Subject"), ("rubrik", "ämne", "subject")),
    "body": (_("Text"), ("text", "beskrivning", "anteckning", "body", "description")),
}
FIELDS = {CONTACTS: CONTACT_FIELDS, ACTIVITIES: ACTIVITY_FIELDS}

_NOT_WORD = re.compile(r"[\W_]+")
_LIST_SEPARATOR = re.compile(r"[;,]")
YES = frozenset({"ja", "j", "yes", "y", "1", "x", "true", "sant"})
NO = frozenset({"nej", "n", "no", "0", "false", "falskt", ""})
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M")

NOT_YES_OR_NO = _("Write ja or nej (yes/no, 1/0 or x).")
NOT_A_DATE = _("Write the date as YYYY-MM-DD, YYYY-MM-DD HH:MM or DD.MM.YYYY.")
FUTURE_DATE = _("The date is in the future.")
UNKNOWN_STATUS = _("Unknown status: %(value)s.")
UNKNOWN_MUNICIPALITY = _("Unknown municipality: %(value)s.")
UNKNOWN_COUNTRY = _("Unknown country: %(value)s.")
UNKNOWN_KIND = _("Unknown kind of activity: %(value)s.")
UNKNOWN_LANGUAGE = _("Unknown language: %(value)s.")
NOT_A_NUMBER = _("Write a whole number.")


class CellError(ValueError):
    pass


def header_key(header: str) -> str:
    return _NOT_WORD.sub("", fold(header))


def guess_mapping(header: Sequence[str], *, kind: str = CONTACTS, saved: dict[str, str] | None = None) -> list[str]:
    """The field each column fills ("" = not imported), in column order. A saved mapping's
    headers win; otherwise the first column with a known header takes the field."""
    fields = FIELDS[kind]
    by_alias = {alias: field for field, (_label, aliases) in fields.items() for alias in aliases}
    saved_keys = {header_key(name): field for name, field in (saved or {}).items() if field in fields or not field}
    result: list[str] = []
    for name in header:
        key = header_key(name)
        field = saved_keys[key] if key in saved_keys else by_alias.get(key, "")
        result.append("" if field in result else field)
    return result


def field_choices(kind: str = CONTACTS) -> list[tuple[str, str | Promise]]:
    return [("", _("(not imported)")), *((field, label) for field, (label, _aliases) in FIELDS[kind].items())]


# --- Values ---------------------------------------------------------------------------------------


def text(cell: Cell) -> str:
    return cell.isoformat() if isinstance(cell, date) else cell.strip()


def yes_no(cell: Cell) -> bool:
    value = fold(text(cell))
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(NOT_YES_OR_NO)


def moment(cell: Cell) -> datetime | None:
    """A date or a date and time, in the programme's time zone (a bare date is taken at noon,
    so it stays the same calendar day in any time zone a report uses)."""
    if isinstance(cell, datetime):
        parsed = cell
    elif isinstance(cell, date):
        parsed = datetime.combine(cell, time(12))
    else:
        value = cell.strip()
        if not value:
            return None
        parsed = _parse(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > timezone.now() + timedelta(days=1):
        raise CellError(FUTURE_DATE)
    return parsed


def _parse(value: str) -> datetime:
    for pattern in DATETIME_FORMATS:
        try:
            return datetime.strptime(value, pattern)  # noqa: DTZ007 - made aware by the caller
        except ValueError:
            pass
    for pattern in DATE_FORMATS:
        try:
            return datetime.combine(datetime.strptime(value, pattern).date(), time(12))  # noqa: DTZ007
        except ValueError:
            pass
    raise CellError(NOT_A_DATE)


def day(cell: Cell) -> date | None:
    parsed = moment(cell)
    return timezone.localdate(parsed) if parsed else None


def number(cell: Cell) -> int | None:
    value = text(cell)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise CellError(NOT_A_NUMBER) from None


@cache
def _labels(choices: tuple[tuple[str, object], ...]) -> dict[str, str]:
    """Code and label, in Swedish and English, of each choice -> the code."""
    result: dict[str, str] = {}
    for language in ("en", "sv"):
        with translation.override(language):
            for code, label in choices:
                result[fold(str(label))] = code
    for code, _label in choices:
        result[fold(code)] = code
    return result


# Words the old CRM's statuses use for ours, besides our labels in Swedish and English.
STATUS_WORDS = {"flyttat": Contact.Status.MOVED, "flyttad": Contact.Status.MOVED, "vilande": Contact.Status.PAUSED}


def status(cell: Cell) -> str:
    value = text(cell)
    if not value:
        return ""
    code = _labels(tuple(Contact.Status.choices)).get(fold(value)) or STATUS_WORDS.get(fold(value))
    if code is None:
        raise CellError(UNKNOWN_STATUS % {"value": value})
    return code


# Words the old CRM's activity types use for our kinds, besides the kinds' own labels.
ACTIVITY_WORDS = {
    "samtal": Activity.Kind.CALL,
    "telefon": Activity.Kind.CALL,
    "telefonsamtal": Activity.Kind.CALL,
    "epost": Activity.Kind.EMAIL_OUT,
    "eposttill": Activity.Kind.EMAIL_OUT,
    "epostfrån": Activity.Kind.EMAIL_IN,
    "mejl": Activity.Kind.EMAIL_OUT,
    "email": Activity.Kind.EMAIL_OUT,
    "möte": Activity.Kind.MEETING,
    "besök": Activity.Kind.MEETING,
    "brev": Activity.Kind.LETTER,
    "sms": Activity.Kind.SMS,
    "anteckning": Activity.Kind.NOTE,
}


def activity_kind(cell: Cell) -> str:
    value = text(cell)
    labels = {header_key(label): code for label, code in _labels(tuple(Activity.Kind.choices)).items()}
    code = labels.get(header_key(value)) or ACTIVITY_WORDS.get(header_key(value))
    if code is None:
        raise CellError(UNKNOWN_KIND % {"value": value})
    return str(code)


@cache
def _countries() -> dict[str, str]:
    result: dict[str, str] = {}
    for language in ("en", "sv"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                result[fold(name)] = code
                result[fold(code)] = code
    return result


def country(cell: Cell) -> str:
    value = text(cell)
    if not value:
        return ""
    code = _countries().get(fold(value))
    if code is None:
        raise CellError(UNKNOWN_COUNTRY % {"value": value})
    return code


def language(cell: Cell) -> str:
    value = text(cell)
    if not value:
        return ""
    labels = _labels(tuple(Contact._meta.get_field("language").choices))  # type: ignore[arg-type]
    words = {**labels, "svenska": "sv", "engelska": "en", "english": "en", "swedish": "sv"}
    code = words.get(fold(value))
    if code is None:
        raise CellError(UNKNOWN_LANGUAGE % {"value": value})
    return code


class Municipalities:
    """Names or slugs of municipalities ("Bräcke", "Bräcke kommun", "bracke", "Östersunds kommun")."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self.by_word: dict[str, Party] = {}
        for party in parties:
            if party.is_region:
                continue
            name = fold(party.name)
            short = name.removesuffix(" kommun")
            for word in (party.slug, name, short, short.removesuffix("s")):
                self.by_word.setdefault(fold(word), party)

    def parse(self, cell: Cell) -> list[Party]:
        result: list[Party] = []
        for word in _LIST_SEPARATOR.split(text(cell)):
            if not word.strip():
                continue
            party = self.by_word.get(fold(word))
            if party is None:
                raise CellError(UNKNOWN_MUNICIPALITY % {"value": word.strip()})
            if party not in result:
                result.append(party)
        return result
