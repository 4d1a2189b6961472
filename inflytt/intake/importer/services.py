"""Import of an old register (contacts) and of its dialogue (activities) from a CSV or XLSX file.

Rules:
- Every row is validated with the staff form's rules (contacts.forms.ContactForm): the same
  required name, the same phone rule, the same "an email address is needed when the preferred
  channel is email". Errors are reported by row (as in the file, header = row 1) and column.
- A file with errors imports nothing unless `skip_invalid` is given; a dry run writes nothing.
- Idempotent: a row matches an existing card on the external id, then on the normalised email,
  then on the phone number (E.164). A matched card gets only what it lacks, so importing the
  same file twice creates nothing new.
- History keeps its dates: the card's registration date, the moved status and date, the
  consents (recorded with the form "import" and the file's date), a confirmed newsletter
  subscription only where the file says so. The imported cards' last activity is their
  registration date, so the yearly retention ("Kontakter som inte haft någon registrerad
  aktivitet på 5 år tas bort", the 2025 agreement, Bilaga 4) sees them as the old CRM would.
- Imported cards start no first-response clock: their first contact happened in the old CRM.
- Rows are written in chunks, one transaction each, so a file of 100 000 rows never holds one
  long transaction nor all its rows in memory.
"""

from __future__ import annotations

import pickle
import tempfile
import uuid
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import islice
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts import tasks as contact_tasks
from inflytt.contacts.fields import IMPORTED
from inflytt.contacts.forms import ContactForm
from inflytt.contacts.models import (
    Activity,
    Consent,
    Contact,
    ContactMunicipality,
    MagazineOrder,
    NewsletterSubscription,
)
from inflytt.contacts.services import save_if_unchanged
from inflytt.intake.importer import mapping
from inflytt.intake.importer.files import Cell, TableReader
from inflytt.lib.text import normalise_email
from inflytt.parties.models import Party
from inflytt.parties.selectors import active_parties

CHUNK = 1000
CONSENT_FORM = "import"
CONSENT_VERSION = "import"
NO_PERSON = gettext_lazy("No card has this external id or email address.")
PERSON_NEEDED = gettext_lazy("Give the person's external id or email address.")
KIND_NEEDED = gettext_lazy("Give the kind of activity.")
DATE_NEEDED = gettext_lazy("Give the date.")
# The staff form's fields -> the import field whose column they come from (the same name but
# for the two the file states as the person's address).
FORM_COLUMNS = {name: {"current_city": "city", "current_country": "country"}.get(name, name) for name in IMPORTED}
# Filled in on a matched card only when it has none: a guide may have corrected them since.
FILL_IF_BLANK = ("last_name", "email", "phone", "current_city", "occupation", "external_id")

# Called after each chunk with the phase ("check" or "write") and the rows done in it.
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    new: int = 0
    merged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    # New people whose history ends before the retention cut-off: the next run proposes them.
    stale: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "new": self.new,
            "merged": self.merged,
            "skipped": self.skipped,
            "errors": [asdict(error) for error in self.errors],
        }


class ImportRowForm(ContactForm):
    """The staff form's rules for one row; the municipalities and the guide are not the file's to set.

    One form checks every row of a file (`check`): building a ModelForm costs several times more
    than validating one (deep copies of its fields and their choices), which for 100 000 rows is
    minutes. `check` resets what Django's BaseForm caches between two bindings.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("municipalities", "interests", "version", "assigned_guide", "employer_name"):
            del self.fields[name]

    def check(self, data: dict[str, str]) -> bool:
        self.data = MultiValueDict({name: [item] for name, item in data.items()})
        self.is_bound = True
        self.instance = Contact()
        self._errors = None
        self._bound_fields_cache: dict[str, Any] = {}
        return self.is_valid()


@dataclass
class ContactRow:
    number: int
    data: dict[str, Any]
    municipalities: list[Party]
    registered_at: datetime | None
    status: str
    moved_on: Any
    newsletter: bool
    magazine: bool
    address: dict[str, str]
    note: str
    external_id: str


@dataclass
class ActivityRow:
    number: int
    external_id: str
    email: str
    kind: str
    occurred_at: datetime
    subject: str
    body: str


class Reader:
    """A file and the mapping of its columns: rows come out parsed and validated."""

    def __init__(self, stream: IO[bytes], *, kind: str = mapping.CONTACTS, columns: list[str] | None = None) -> None:
        self.kind = kind
        self.file = TableReader(stream)
        self.header = self.file.table.header
        self.columns = columns if columns is not None else mapping.guess_mapping(self.header, kind=kind)
        self.municipalities = mapping.Municipalities(active_parties())
        self.form = ImportRowForm()

    def column_name(self, field_name: str) -> str:
        if field_name in self.columns:
            return self.header[self.columns.index(field_name)]
        return str(mapping.FIELDS[self.kind].get(field_name, (field_name,))[0])

    def cells(self, cells: list[Cell]) -> dict[str, Cell]:
        return {name: cells[index] for index, name in enumerate(self.columns) if name and index < len(cells)}

    def parsed(self) -> Iterator[tuple[int, ContactRow | ActivityRow | None, list[RowError]]]:
        parse = self.contact_row if self.kind == mapping.CONTACTS else self.activity_row
        for number, cells in self.file.rows():
            errors: list[RowError] = []
            row = parse(number, self.cells(cells), errors)
            yield number, (None if errors else row), errors

    def _value(
        self, values: dict[str, Cell], name: str, parse: Callable[[Cell], Any], errors: list[RowError], number: int
    ) -> Any:
        try:
            return parse(values.get(name, ""))
        except mapping.CellError as error:
            errors.append(RowError(number, self.column_name(name), str(error)))
            return None

    def contact_row(self, number: int, values: dict[str, Cell], errors: list[RowError]) -> ContactRow:
        def value(name: str, parse: Callable[[Cell], Any] = mapping.text) -> Any:
            return self._value(values, name, parse, errors, number)

        data = {
            form_name: value(
                name, mapping.country if name == "country" else mapping.language if name == "language" else mapping.text
            )
            for form_name, name in FORM_COLUMNS.items()
            if name in values
        }
        data = {name: item for name, item in data.items() if item is not None}
        for name, default in (("adults", "1"), ("children", "0")):
            if not data.get(name):
                data[name] = default
        if not data.get("language"):
            data["language"] = settings.LANGUAGE_CODE[:2]
        data["preferred_channel"] = "phone" if data.get("phone") and not data.get("email") else "email"
        form = self.form
        cleaned: dict[str, Any] = {}
        if form.check(data):
            cleaned = {name: form.cleaned_data[name] for name in (*FORM_COLUMNS, "preferred_channel") if name in data}
        else:
            for name, messages in form.errors.items():
                column = self.column_name(FORM_COLUMNS.get(name, "email" if name == "preferred_channel" else name))
                errors.extend(
                    RowError(number, column if name != "__all__" else "", str(message)) for message in messages
                )
        moved_on = value("moved_on", mapping.day)
        status = value("status", mapping.status) or (Contact.Status.MOVED if moved_on else "")
        return ContactRow(
            number=number,
            data=cleaned,
            municipalities=value("municipalities", self.municipalities.parse) or [],
            registered_at=value("registered_at", mapping.moment),
            status=status,
            moved_on=moved_on,
            newsletter=bool(value("newsletter", mapping.yes_no)),
            magazine=bool(value("magazine", mapping.yes_no)),
            address={
                "street": value("street") or "",
                "postal_code": value("postal_code") or "",
                "city": value("city") or "",
                "country": cleaned.get("current_country") or "SE",
            },
            note=value("note") or "",
            external_id=(value("external_id") or "")[:100],
        )

    def activity_row(self, number: int, values: dict[str, Cell], errors: list[RowError]) -> ActivityRow:
        def value(name: str, parse: Callable[[Cell], Any] = mapping.text) -> Any:
            return self._value(values, name, parse, errors, number)

        external_id, email = value("external_id") or "", normalise_email(value("email") or "")
        if not external_id and not email:
            errors.append(RowError(number, self.column_name("email"), str(PERSON_NEEDED)))
        kind = value("kind", mapping.activity_kind) if mapping.text(values.get("kind", "")) else None
        if kind is None and not any(error.column == self.column_name("kind") for error in errors):
            errors.append(RowError(number, self.column_name("kind"), str(KIND_NEEDED)))
        occurred_at = value("occurred_at", mapping.moment)
        if occurred_at is None and not any(error.column == self.column_name("occurred_at") for error in errors):
            errors.append(RowError(number, self.column_name("occurred_at"), str(DATE_NEEDED)))
        return ActivityRow(
            number=number,
            external_id=external_id,
            email=email,
            kind=kind or "",
            occurred_at=occurred_at or timezone.now(),
            subject=(value("subject") or "")[:200],
            body=(value("body") or "")[:20000],
        )


def _chunks(iterator: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- Contacts ---------------------------------------------------------------------------------------


class _FileKeys:
    """The matching keys of the rows checked so far, in a temporary table of the database
    connection: a check of a file of any size finds its in-file duplicates in constant memory
    (a dict of 300 000 keys is some 70 MB). Raw SQL: a temporary table has no model."""

    BATCH = 500

    def __init__(self) -> None:
        self.table = f"import_keys_{uuid.uuid4().hex}"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} (k VARCHAR(400) PRIMARY KEY, n INTEGER NOT NULL)")

    def known(self, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(keys), self.BATCH):
                batch = keys[start : start + self.BATCH]
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"SELECT k, n FROM {self.table} WHERE k IN ({marks})", batch)  # noqa: S608 - our names
                found.update(cursor.fetchall())
        return found

    def add(self, keys: dict[str, int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {self.table} (k, n) VALUES (%s, %s)", list(keys.items()))  # noqa: S608

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.table}")


class _Matcher:
    """Finds the card a row belongs to: external id, then normalised email, then phone; rows
    earlier in the same file count too (the second row with an email merges into the first).
    `seen` holds the keys of this chunk's rows; with `file_keys` (the check, when nothing is
    written) those of earlier chunks are kept there, else they are in the database by now."""

    def __init__(self, file_keys: _FileKeys | None = None) -> None:
        self.seen: dict[tuple[str, str], int] = {}
        self.earlier: dict[tuple[str, str], int] = {}
        self.file_keys = file_keys

    def next_chunk(self) -> None:
        if self.file_keys is not None and self.seen:
            self.file_keys.add({f"{kind}:{value}": number for (kind, value), number in self.seen.items()})
        self.seen.clear()

    def load(self, rows: list[ContactRow]) -> None:
        if self.file_keys is not None:
            keys = [f"{kind}:{value}" for row in rows for kind, value in self.keys(row)]
            self.earlier = {
                tuple(key.split(":", 1)): number  # type: ignore[misc]
                for key, number in self.file_keys.known(list(dict.fromkeys(keys))).items()
            }
        ids = {row.external_id for row in rows if row.external_id}
        emails = {normalise_email(row.data.get("email", "")) for row in rows} - {""}
        phones = {row.data.get("phone", "") for row in rows} - {""}
        query = Q(external_id__in=ids) | Q(email_normalised__in=emails) | Q(phone__in=phones)
        self.found: dict[tuple[str, str], Contact] = {}
        for contact in Contact.objects.filter(query).order_by("-id"):  # the oldest card wins a tie
            for key in (("id", contact.external_id), ("email", contact.email_normalised), ("phone", contact.phone)):
                if key[1]:
                    self.found[key] = contact

    @staticmethod
    def keys(row: ContactRow) -> list[tuple[str, str]]:
        return [
            key
            for key in (
                ("id", row.external_id),
                ("email", normalise_email(row.data.get("email", ""))),
                ("phone", row.data.get("phone", "")),
            )
            if key[1]
        ]

    def match(self, row: ContactRow) -> Contact | int | None:
        for key in self.keys(row):
            if key in self.seen:
                return self.seen[key]
            if key in self.earlier:
                return self.earlier[key]
            if key in self.found:
                return self.found[key]
        return None

    def remember(self, row: ContactRow, target: int) -> None:
        for key in self.keys(row):
            self.seen.setdefault(key, target)


def import_contacts(
    *,
    stream: IO[bytes],
    file_name: str,
    columns: list[str] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    acting_user: User | None = None,
    progress: Progress | None = None,
    stale_before: datetime | None = None,
) -> ImportResult:
    """Validate the whole file first; then, unless it is a dry run or has errors that were not
    to be skipped, write it chunk by chunk (see the module's docstring for the rules)."""
    reader = Reader(stream, columns=columns)
    with tempfile.TemporaryFile() as spool:
        checked = _check(reader, spool, progress, stale_before)
        if dry_run or (checked.errors and not skip_invalid):
            if not dry_run:
                checked.new = checked.merged = 0
                checked.skipped = checked.rows
            return checked
        spool.seek(0)
        written = _write(spool, file_name=file_name, acting_user=acting_user, progress=progress)
    checked.new, checked.merged = written.new, written.merged
    if written.new or written.merged:
        # The cards were written in bulk, not one by one through create_contact: compare the
        # whole register once, in the task queue (on commit, when an outer transaction holds it).
        transaction.on_commit(contact_tasks.refresh_duplicates, robust=True)
    return checked


def _check(
    reader: Reader, spool: IO[bytes], progress: Progress | None, stale_before: datetime | None = None
) -> ImportResult:
    """Validate every row and count what would be new; the valid rows go to `spool`, a chunk per
    pickle, so the write pass neither parses nor validates again and memory stays flat."""
    result = ImportResult()
    file_keys = _FileKeys()
    try:
        _check_rows(reader, spool, progress, stale_before, result, _Matcher(file_keys))
    finally:
        file_keys.close()
    return result


def _check_rows(
    reader: Reader,
    spool: IO[bytes],
    progress: Progress | None,
    stale_before: datetime | None,
    result: ImportResult,
    matcher: _Matcher,
) -> None:
    for chunk in _chunks(reader.parsed(), CHUNK):
        matcher.next_chunk()
        valid: list[ContactRow] = []
        for _number, row, errors in chunk:
            result.rows += 1
            if errors:
                result.skipped += 1
                result.errors.extend(errors)
            else:
                valid.append(row)
        new, merged = _classify(matcher, valid)
        result.new += len(new)
        result.merged += len(merged)
        if stale_before is not None:
            result.stale += sum(1 for row in new if row.registered_at and row.registered_at < stale_before)
        pickle.dump(valid, spool, protocol=pickle.HIGHEST_PROTOCOL)
        if progress is not None:
            progress("check", result.rows)


def _classify(
    matcher: _Matcher, rows: list[ContactRow]
) -> tuple[list[ContactRow], list[tuple[ContactRow, Contact | int]]]:
    matcher.load(rows)
    new: list[ContactRow] = []
    merged: list[tuple[ContactRow, Contact | int]] = []
    for row in rows:
        target = matcher.match(row)
        if target is None:
            new.append(row)
            matcher.remember(row, row.number)
        else:
            merged.append((row, target))
    return new, merged


def _spooled(spool: IO[bytes]) -> Iterator[list[ContactRow]]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - our own temporary file, written by _check
        except EOFError:
            return


def _write(spool: IO[bytes], *, file_name: str, acting_user: User | None, progress: Progress | None) -> ImportResult:
    result = ImportResult()
    matcher = _Matcher()
    region = Party.objects.get(slug="region")
    done = 0
    for rows in _spooled(spool):
        matcher.next_chunk()  # what earlier chunks wrote is in the database now
        new, merged = _classify(matcher, rows)
        result.new += len(new)
        result.merged += len(merged)
        _write_chunk(new=new, merged=merged, region=region, file_name=file_name, acting_user=acting_user)
        done += len(rows)
        if progress is not None:
            progress("write", done)
    return result


@transaction.atomic
def _write_chunk(
    *,
    new: list[ContactRow],
    merged: list[tuple[ContactRow, Contact | int]],
    region: Party,
    file_name: str,
    acting_user: User | None,
) -> None:
    created = _create_cards(new, region=region, file_name=file_name, acting_user=acting_user)
    by_number = dict(zip([row.number for row in new], created, strict=True))
    pairs = [(row, by_number[target] if isinstance(target, int) else target) for row, target in merged]
    _merge_cards(pairs, file_name=file_name, acting_user=acting_user)


def _consent_text(file_name: str) -> str:
    return _("Registered in the previous register; recorded from the import of %(file)s.") % {"file": file_name}


def _create_cards(rows: list[ContactRow], *, region: Party, file_name: str, acting_user: User | None) -> list[Contact]:
    now = timezone.now()
    contacts: list[Contact] = []
    for row in rows:
        party = row.municipalities[0] if row.municipalities else region
        registered = row.registered_at or now
        contact = Contact(
            **row.data,
            source=Contact.Source.IMPORT,
            external_id=row.external_id,
            assigned_party=party,
            status=row.status or Contact.Status.NEW,
            moved_on=row.moved_on,
            moved_to=party if row.moved_on and not party.is_region else None,
            registered_at=registered,
            last_activity_at=registered,
            first_response_due=None,
        )
        contact.refresh_derived_fields()
        contacts.append(contact)
    Contact.objects.bulk_create(contacts)
    ContactMunicipality.objects.bulk_create(
        ContactMunicipality(contact=contact, party=party, position=index)
        for row, contact in zip(rows, contacts, strict=True)
        for index, party in enumerate(row.municipalities)
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Imported from %(file)s") % {"file": file_name}
        consent_text = _consent_text(file_name)
        note_subject = _("Note from the previous register")
    activities: list[Activity] = []
    consents: list[Consent] = []
    subscriptions: list[NewsletterSubscription] = []
    orders: list[MagazineOrder] = []
    for row, contact in zip(rows, contacts, strict=True):
        at = contact.registered_at
        activities.append(
            Activity(
                contact=contact,
                kind=Activity.Kind.REGISTRATION,
                subject=subject[:200],
                occurred_at=at,
                author=acting_user,
            )
        )
        if row.note:
            activities.append(
                Activity(contact=contact, kind=Activity.Kind.NOTE, subject=note_subject, body=row.note, occurred_at=at)
            )
        consents.extend(_consents(row, contact, consent_text))
        if row.newsletter:
            subscriptions.append(_subscription(contact))
        if row.magazine and all(row.address[name] for name in ("street", "postal_code", "city")):
            # Sent by the old register already: a historical order, not one for the next dispatch.
            orders.append(MagazineOrder(contact=contact, **row.address, ordered_at=at, sent_at=at))
    Activity.objects.bulk_create(activities)
    Consent.objects.bulk_create(consents)
    NewsletterSubscription.objects.bulk_create(subscriptions)
    MagazineOrder.objects.bulk_create(orders)
    for contact in contacts:
        record_event(
            action=AuditEvent.Action.CREATE,
            actor=acting_user,
            contact_id=contact.pk,
            obj=contact,
            detail={"import": "contacts"},
        )
    return contacts


def _consents(row: ContactRow, contact: Contact, text: str, have: AbstractSet[str] = frozenset()) -> list[Consent]:
    purposes = [Consent.Purpose.GUIDANCE]
    if row.newsletter:
        purposes.append(Consent.Purpose.NEWSLETTER)
    if row.magazine:
        purposes.append(Consent.Purpose.MAGAZINE)
    return [
        Consent(
            contact=contact,
            purpose=purpose,
            text_version=CONSENT_VERSION,
            text=text,
            form=CONSENT_FORM,
            given_at=row.registered_at or contact.registered_at,
        )
        for purpose in purposes
        if purpose not in have
    ]


def _subscription(contact: Contact) -> NewsletterSubscription:
    """Confirmed as of the registration date: the file says the person subscribes."""
    at = contact.registered_at
    return NewsletterSubscription(contact=contact, language=contact.language, created_at=at, confirmed_at=at)


def _merge_cards(pairs: list[tuple[ContactRow, Contact]], *, file_name: str, acting_user: User | None) -> None:
    """Give each matched card what it lacks, and nothing twice."""
    if not pairs:
        return
    ids = {contact.pk for _row, contact in pairs}
    consents: dict[int, set[str]] = {}
    for contact_id, purpose in Consent.objects.filter(contact_id__in=ids, withdrawn_at__isnull=True).values_list(
        "contact_id", "purpose"
    ):
        consents.setdefault(contact_id, set()).add(purpose)
    subscribed = set(NewsletterSubscription.objects.filter(contact_id__in=ids).values_list("contact_id", flat=True))
    notes = set(Activity.objects.filter(contact_id__in=ids, kind=Activity.Kind.NOTE).values_list("contact_id", "body"))
    places: dict[int, set[int]] = {}
    for contact_id, party_id in ContactMunicipality.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "party_id"
    ):
        places.setdefault(contact_id, set()).add(party_id)
    with translation.override(settings.LANGUAGE_CODE):
        consent_text = _consent_text(file_name)
        note_subject = _("Note from the previous register")
    activities: list[Activity] = []
    new_consents: list[Consent] = []
    subscriptions: list[NewsletterSubscription] = []
    rows_of_places: list[ContactMunicipality] = []
    for row, contact in pairs:
        changes: dict[str, Any] = {}
        values = {**row.data, "external_id": row.external_id}
        for name in FILL_IF_BLANK:
            if values.get(name) and not getattr(contact, name):
                if name == "email" and Contact.objects.filter(email_normalised=normalise_email(values[name])).exists():
                    continue
                changes[name] = values[name]
        if row.registered_at and row.registered_at < contact.registered_at:
            changes["registered_at"] = row.registered_at
        if changes:
            for name, value in changes.items():
                setattr(contact, name, value)
            save_if_unchanged(contact, None, **changes, **contact.refresh_derived_fields())
            record_event(
                action=AuditEvent.Action.EDIT,
                actor=acting_user,
                contact_id=contact.pk,
                obj=contact,
                detail={"import": "contacts", "fields": sorted(changes)},
            )
        known = places.setdefault(contact.pk, set())
        for party in row.municipalities:
            if party.pk not in known:
                rows_of_places.append(ContactMunicipality(contact=contact, party=party, position=len(known)))
                known.add(party.pk)
        have = consents.setdefault(contact.pk, set())
        added = _consents(row, contact, consent_text, have)
        new_consents.extend(added)
        have.update(consent.purpose for consent in added)
        if row.newsletter and contact.pk not in subscribed:
            subscriptions.append(_subscription(contact))
            subscribed.add(contact.pk)
        if row.note and (contact.pk, row.note) not in notes:
            activities.append(
                Activity(
                    contact=contact,
                    kind=Activity.Kind.NOTE,
                    subject=note_subject,
                    body=row.note,
                    occurred_at=row.registered_at or contact.registered_at,
                )
            )
            notes.add((contact.pk, row.note))
    ContactMunicipality.objects.bulk_create(rows_of_places)
    Activity.objects.bulk_create(activities)
    Consent.objects.bulk_create(new_consents)
    NewsletterSubscription.objects.bulk_create(subscriptions)


# --- Activities -------------------------------------------------------------------------------------


def import_activities(
    *,
    stream: IO[bytes],
    file_name: str,
    columns: list[str] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    acting_user: User | None = None,
    progress: Progress | None = None,
    stale_before: datetime | None = None,  # noqa: ARG001 - the same call as import_contacts
) -> ImportResult:
    """The second file kind: dated activities put on the cards (by external id, else email).
    "new" counts activities added; "merged" those already on the card (a re-import adds nothing)."""
    reader = Reader(stream, kind=mapping.ACTIVITIES, columns=columns)
    checked = _run_activities(reader, write=False, acting_user=acting_user, progress=None)
    if dry_run or (checked.errors and not skip_invalid):
        if not dry_run:
            checked.new = checked.merged = 0
            checked.skipped = checked.rows
        return checked
    return _run_activities(reader, write=True, acting_user=acting_user, progress=progress)


def _run_activities(
    reader: Reader, *, write: bool, acting_user: User | None, progress: Progress | None
) -> ImportResult:
    result = ImportResult()
    for chunk in _chunks(reader.parsed(), CHUNK):
        rows: list[ActivityRow] = []
        for _number, row, errors in chunk:
            result.rows += 1
            result.errors.extend(errors)
            if not errors:
                rows.append(row)
        ids = {row.external_id for row in rows if row.external_id}
        emails = {row.email for row in rows if row.email}
        by_key: dict[tuple[str, str], int] = {}
        for pk, external_id, email in (
            Contact.objects.filter(Q(external_id__in=ids) | Q(email_normalised__in=emails))
            .order_by("-id")
            .values_list("pk", "external_id", "email_normalised")
        ):
            if external_id:
                by_key[("id", external_id)] = pk
            if email:
                by_key[("email", email)] = pk
        placed: list[tuple[ActivityRow, int]] = []
        for row in rows:
            contact_id = by_key.get(("id", row.external_id)) or by_key.get(("email", row.email))
            if contact_id is None:
                result.errors.append(
                    RowError(
                        row.number, reader.column_name("external_id" if row.external_id else "email"), str(NO_PERSON)
                    )
                )
            else:
                placed.append((row, contact_id))
        result.skipped += len(rows) - len(placed) + sum(1 for _n, row, _e in chunk if row is None)
        existing = set(
            Activity.objects.filter(contact_id__in={contact_id for _row, contact_id in placed}).values_list(
                "contact_id", "kind", "occurred_at", "body"
            )
        )
        fresh = []
        for row, contact_id in placed:
            key = (contact_id, row.kind, row.occurred_at, row.body)
            if key in existing:
                result.merged += 1
            else:
                existing.add(key)
                fresh.append((row, contact_id))
        result.new += len(fresh)
        if write:
            _write_activities(fresh, acting_user=acting_user)
        if progress is not None:
            progress("write" if write else "check", result.rows)
    return result


@transaction.atomic
def _write_activities(rows: list[tuple[ActivityRow, int]], *, acting_user: User | None) -> None:
    Activity.objects.bulk_create(
        Activity(contact_id=contact_id, kind=row.kind, occurred_at=row.occurred_at, subject=row.subject, body=row.body)
        for row, contact_id in rows
    )
    latest: dict[int, datetime] = {}
    for row, contact_id in rows:
        latest[contact_id] = max(latest.get(contact_id, row.occurred_at), row.occurred_at)
    for contact_id, at in latest.items():
        # History moves the last activity forward only: an old entry must not make a card look idle.
        Contact.objects.filter(pk=contact_id, last_activity_at__lt=at).update(last_activity_at=at)
        record_event(
            action=AuditEvent.Action.CREATE, actor=acting_user, contact_id=contact_id, detail={"import": "activities"}
        )
