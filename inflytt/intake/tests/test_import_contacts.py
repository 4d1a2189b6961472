"""The import of an old register: files as the old CRM and Excel write them, through the command."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from inflytt.audit.models import AuditEvent
from inflytt.contacts.forms import EMAIL_NEEDED, INVALID_PHONE
from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.tests import factories
from inflytt.intake.importer import mapping, services
from inflytt.intake.models import ImportMapping

HEADER = (
    "Extern id;Förnamn;Efternamn;E-post;Mobil;Postort;Intressekommun;Registrerad;Nyhetsbrev;Status;Flyttat;Anteckning"
)
ROWS = [
    "A-1;Åsa;Öberg;asa@example.se;070-111 22 33;Göteborg;Bräcke, Åre;2019-03-04;ja;;;Ringde om förskola i Kälarne",
    "A-2;Björn;Ängström;bjorn@example.se;;Malmö;ostersund;12.05.2018;nej;Flyttat;2020-08-01;",
    "A-3;Märta;Lindqvist;;0702223344;Umeå;;2021-01-02 14:30;;I dialog;;",
]


def csv_bytes(lines: list[str], encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    text = "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"
    return text.encode(encoding)


def run(tmp_path, content: bytes, *args: str, name: str = "export.csv") -> tuple[dict, str]:
    path = tmp_path / name
    path.write_bytes(content)
    out = io.StringIO()
    try:
        call_command("import_contacts", str(path), *args, stdout=out, stderr=io.StringIO())
    except CommandError:
        pass
    lines = out.getvalue().strip().splitlines()
    return json.loads(lines[-1]), out.getvalue()


@pytest.fixture
def other_rows(parties):
    """Unrelated cards first, so the imported cards' ids differ from the row numbers."""
    for _ in range(3):
        factories.contact()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_swedish_characters_survive_each_encoding(tmp_path, other_rows, encoding):
    result, _ = run(tmp_path, csv_bytes([HEADER, *ROWS], encoding=encoding))
    assert result == {"rows": 3, "new": 3, "merged": 0, "skipped": 0, "errors": []}
    asa = Contact.objects.get(external_id="A-1")
    assert (asa.first_name, asa.last_name, asa.current_city) == ("Åsa", "Öberg", "Göteborg")
    assert asa.activities.get(kind=Activity.Kind.NOTE).body == "Ringde om förskola i Kälarne"


@pytest.mark.django_db
def test_comma_delimited_file_is_detected(tmp_path, other_rows):
    lines = [HEADER, *ROWS]
    lines = [line.replace("Bräcke, Åre", "Bräcke; Åre") for line in lines]
    # In a comma file the list of municipalities is quoted, as Excel writes it.
    content = (
        "\n".join(
            ",".join(f'"{cell}"' if "," in cell or ";" in cell else cell for cell in line.split(";"))
            if i
            else line.replace(";", ",")
            for i, line in enumerate([HEADER, *[row.replace("Bräcke, Åre", "Bräcke|Åre") for row in ROWS]])
        )
        .replace("Bräcke|Åre", '"Bräcke; Åre"')
        .encode()
    )
    result, _ = run(tmp_path, content)
    assert result["errors"] == [] and result["new"] == 3
    asa = Contact.objects.get(external_id="A-1")
    assert [row.party.slug for row in asa.municipality_rows.all()] == ["bracke", "are"]


@pytest.mark.django_db
def test_history_keeps_its_dates(tmp_path, other_rows):
    run(tmp_path, csv_bytes([HEADER, *ROWS]))
    asa = Contact.objects.get(external_id="A-1")
    assert timezone.localdate(asa.registered_at) == date(2019, 3, 4)
    assert asa.last_activity_at == asa.registered_at, "the retention must see the old date, not today"
    assert asa.source == Contact.Source.IMPORT
    assert asa.assigned_party.slug == "bracke" and asa.phone == "+46701112233"
    assert asa.first_response_due is None, "the old CRM's first contact is history, no clock starts"
    bjorn = Contact.objects.get(external_id="A-2")
    assert bjorn.status == Contact.Status.MOVED and bjorn.moved_on == date(2020, 8, 1)
    assert bjorn.moved_to.slug == "ostersund"
    assert timezone.localdate(bjorn.registered_at) == date(2018, 5, 12)
    marta = Contact.objects.get(external_id="A-3")
    assert f"{timezone.localtime(marta.registered_at):%Y-%m-%d %H:%M}" == "2021-01-02 14:30"
    assert marta.preferred_channel == "phone" and marta.status == Contact.Status.IN_DIALOGUE
    assert marta.assigned_party.slug == "region"
    assert AuditEvent.objects.filter(contact_id=asa.pk, action=AuditEvent.Action.CREATE).exists()


@pytest.mark.django_db
def test_consents_come_from_import_and_newsletter_only_where_the_file_says(tmp_path, other_rows):
    """ "De som prenumererar på nyhetsbrev får ligga kvar tills de tar bort sig själva" (Bilaga 4):
    a subscriber of the old register is a confirmed subscriber; nobody else becomes one."""
    run(tmp_path, csv_bytes([HEADER, *ROWS]))
    asa = Contact.objects.get(external_id="A-1")
    subscription = NewsletterSubscription.objects.get(contact=asa)
    assert subscription.is_active and subscription.confirmed_at == asa.registered_at
    assert not NewsletterSubscription.objects.filter(contact__external_id__in=["A-2", "A-3"]).exists()
    consent = Consent.objects.get(contact=asa, purpose=Consent.Purpose.NEWSLETTER)
    assert consent.form == "import" and consent.given_at == asa.registered_at
    assert set(Consent.objects.filter(contact__external_id="A-2").values_list("purpose", flat=True)) == {"guidance"}


@pytest.mark.django_db
def test_same_file_twice_creates_nothing_new(tmp_path, other_rows):
    content = csv_bytes([HEADER, *ROWS])
    run(tmp_path, content)
    counts = [model.objects.count() for model in (Contact, Activity, Consent, NewsletterSubscription, AuditEvent)]
    result, _ = run(tmp_path, content)
    assert result == {"rows": 3, "new": 0, "merged": 3, "skipped": 0, "errors": []}
    assert [
        model.objects.count() for model in (Contact, Activity, Consent, NewsletterSubscription, AuditEvent)
    ] == counts


@pytest.mark.django_db
def test_matching_order_external_id_then_email_then_phone(tmp_path, other_rows):
    by_email = factories.contact(email="Bjorn@Example.se", phone="")
    by_phone = factories.contact(email="", phone="0702223344", preferred_channel="phone")
    result, _ = run(tmp_path, csv_bytes([HEADER, *ROWS]))
    assert (result["new"], result["merged"]) == (1, 2)
    by_email.refresh_from_db()
    by_phone.refresh_from_db()
    assert by_email.external_id == "A-2" and by_phone.external_id == "A-3"
    assert by_email.activities.filter(kind=Activity.Kind.NOTE).count() == 0
    # An external id wins over an email: the card keeps its own address.
    changed = csv_bytes([HEADER, ROWS[0].replace("asa@example.se", "asa.ny@example.se")])
    result, _ = run(tmp_path, changed)
    assert (result["new"], result["merged"]) == (0, 1)
    assert Contact.objects.get(external_id="A-1").email == "asa@example.se"


@pytest.mark.django_db
def test_rows_of_one_file_with_the_same_email_make_one_card(tmp_path, other_rows):
    result, _ = run(tmp_path, csv_bytes([HEADER, ROWS[0], ROWS[0].replace("A-1", "")]))
    assert (result["new"], result["merged"]) == (1, 1)
    assert Contact.objects.filter(email_normalised="asa@example.se").count() == 1


@pytest.mark.django_db
def test_errors_by_row_and_column_and_nothing_written(tmp_path, other_rows):
    before = Contact.objects.count()
    bad = [
        HEADER,
        ROWS[0],
        "A-4;;Utan förnamn;x@example.se;;;;;;;;",
        "A-5;Kim;Nummer;;12;;;;;;;",
        "A-6;Lo;Kommun;lo@example.se;;;Oslo;31.02.2020;kanske;Okänd;;",
        "A-7;Ny;Utan adress;;;;;;;;;",
    ]
    result, output = run(tmp_path, csv_bytes(bad))
    assert Contact.objects.count() == before
    assert (result["rows"], result["new"], result["merged"], result["skipped"]) == (5, 0, 0, 5)
    errors = {(error["row"], error["column"]) for error in result["errors"]}
    assert {
        (3, "Förnamn"),
        (4, "Mobil"),
        (5, "Intressekommun"),
        (5, "Registrerad"),
        (5, "Nyhetsbrev"),
        (5, "Status"),
    } <= errors
    messages = {(error["row"], error["column"]): error["message"] for error in result["errors"]}
    assert messages[(4, "Mobil")] == str(INVALID_PHONE), "the staff form's phone rule"
    assert messages[(6, "E-post")] == str(EMAIL_NEEDED), "the staff form's channel rule"
    assert output.strip().splitlines()[-1].startswith('{"rows": 5')


@pytest.mark.django_db
def test_skip_invalid_imports_the_valid_rows(tmp_path, other_rows):
    result, _ = run(tmp_path, csv_bytes([HEADER, ROWS[0], "A-4;;X;x@example.se;;;;;;;;"]), "--skip-invalid")
    assert (result["rows"], result["new"], result["skipped"]) == (2, 1, 1)
    assert result["errors"][0]["row"] == 3
    assert Contact.objects.filter(external_id="A-1").exists()


@pytest.mark.django_db
def test_dry_run_counts_but_writes_nothing(tmp_path, other_rows):
    before = (Contact.objects.count(), AuditEvent.objects.count())
    result, _ = run(tmp_path, csv_bytes([HEADER, *ROWS, ROWS[0]]), "--dry-run")
    assert (result["rows"], result["new"], result["merged"]) == (4, 3, 1)
    assert (Contact.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_xlsx_with_dates_and_numbers_as_cells(tmp_path, other_rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["First name", "Last name", "Email", "Phone", "Created", "Magazine", "Adress", "Postnummer", "Ort"])
    sheet.append(
        [
            "Örjan",
            "Åkesson",
            "orjan@example.se",
            46703334455,
            datetime(2017, 6, 1, 9, 15),  # noqa: DTZ001 - an Excel cell has no time zone
            "x",
            "Storgatan 1",
            83131,
            "Östersund",
        ]
    )
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    result, _ = run(tmp_path, path.read_bytes(), name="register.bin")
    assert result["errors"] == [] and result["new"] == 1
    orjan = Contact.objects.get(email="orjan@example.se")
    assert f"{timezone.localtime(orjan.registered_at):%Y-%m-%d %H:%M}" == "2017-06-01 09:15"
    order = MagazineOrder.objects.get(contact=orjan)
    assert order.postal_code == "83131" and order.sent_at is not None, "a historical order, not a new dispatch"
    assert Consent.objects.filter(contact=orjan, purpose=Consent.Purpose.MAGAZINE, form="import").exists()


@pytest.mark.django_db
def test_saved_mapping_overrides_the_guess(tmp_path, other_rows):
    ImportMapping.objects.create(name="superoffice", columns={"Kontakt": "first_name", "Mejl": "email", "Ort": ""})
    content = csv_bytes(["Kontakt;Mejl;Ort", "Ida;ida@example.se;Luleå"])
    result, _ = run(tmp_path, content, "--mapping", "superoffice")
    assert result["new"] == 1
    ida = Contact.objects.get(email="ida@example.se")
    assert ida.first_name == "Ida" and ida.current_city == ""


def test_headers_are_mapped_ignoring_case_and_spacing():
    header = [
        " FÖRNAMN ",
        "last name",
        "E-postadress",
        "Mobiltelefon",
        "Gatuadress",
        "Post ort",
        "Intresse kommun",
        "Okänd",
    ]
    assert mapping.guess_mapping(header) == [
        "first_name",
        "last_name",
        "email",
        "phone",
        "street",
        "city",
        "municipalities",
        "",
    ]


@pytest.mark.django_db
def test_activities_land_on_the_cards_once(tmp_path, other_rows):
    run(tmp_path, csv_bytes([HEADER, *ROWS]))
    activities = csv_bytes(
        [
            "Datum;Typ;Text;Extern id;E-post",
            "2019-04-01;Samtal;Pratade om bostad;A-1;",
            "2022-09-10 10:00;Möte;Träff i Östersund;;bjorn@example.se",
            "2020-01-01;Samtal;Okänd person;;ingen@example.se",
        ]
    )
    result, _ = run(tmp_path, activities, "--kind", "activities", "--skip-invalid")
    assert (result["new"], result["skipped"]) == (2, 1)
    assert result["errors"][0]["row"] == 4
    asa = Contact.objects.get(external_id="A-1")
    call = asa.activities.get(kind=Activity.Kind.CALL)
    assert timezone.localdate(call.occurred_at) == date(2019, 4, 1)
    asa.refresh_from_db()
    assert timezone.localdate(asa.last_activity_at) == date(2019, 4, 1)
    result, _ = run(tmp_path, activities, "--kind", "activities", "--skip-invalid")
    assert (result["new"], result["merged"]) == (0, 2)


@pytest.mark.django_db
def test_duplicates_far_apart_in_a_file_are_found_across_chunks(tmp_path, other_rows, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 2)
    rows = [HEADER, *ROWS, "A-9;Eva;Ek;eva@example.se;;;;;;;;", ROWS[0].replace("A-1", "")]
    dry, _ = run(tmp_path, csv_bytes(rows), "--dry-run")
    assert (dry["new"], dry["merged"]) == (4, 1)
    real, _ = run(tmp_path, csv_bytes(rows))
    assert (real["new"], real["merged"]) == (4, 1)
    assert Contact.objects.filter(email_normalised="asa@example.se").count() == 1
