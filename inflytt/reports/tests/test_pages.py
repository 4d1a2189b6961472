"""The dashboard, the report page and its files, the start page's figures, and mailing the reports."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from inflytt.contacts.tests.factories import contact
from inflytt.guidance.services import assign_contact, change_status
from inflytt.reports.models import Goal, ReportDispatch
from inflytt.reports.selectors import report_parties

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def q1(parties):
    # Bräcke: 2 registrations (small for steering), Åre: 5, the region: 4.
    for slug, count in (("bracke", 2), ("are", 5), ("", 4)):
        for day in range(count):
            contact(municipalities=(slug,) if slug else (), registered_at=datetime(2026, 2, 2 + day, 10, tzinfo=TZ))


def test_steering_sees_fewer_than_3_and_a_hidden_second_cell(client_for, q1):
    body = client_for("steering").get("/reports/2026Q1/all/").content.decode()
    assert "färre än 3" in body
    # 11 in all; Bräcke's 2 is small, and the region's 4 (the smallest other cell) is hidden with it.
    assert "dold" in body
    table = body.split('id="t-registrations"')[1].split("</table>")[0]
    assert ">11<" in table and ">5<" in table and ">4<" not in table and ">2<" not in table


def test_staff_see_exact_counts(client_for, q1):
    body = client_for("coordinator").get("/reports/2026Q1/all/").content.decode()
    table = body.split('id="t-registrations"')[1].split("</table>")[0]
    assert ">2<" in table and ">4<" in table and ">11<" in table


def test_the_report_page_is_one_fixed_set_of_queries(client_for, q1, django_assert_max_num_queries):
    """Intended to prevent an n+1 issue: the figures are grouped queries, whatever the data."""
    client = client_for("coordinator")
    with django_assert_max_num_queries(30):
        assert client.get("/reports/2026Q1/all/").status_code == 200
    steering = client_for("steering")
    with django_assert_max_num_queries(30):
        assert steering.get("/reports/?period=2026Q1").status_code == 200


def test_a_charts_text_alternative_and_its_table_stand_together(client_for, q1):
    body = client_for("coordinator").get("/reports/2026Q1/bracke/").content.decode()
    section = body.split('id="t-registrations"')[1].split("</section>")[0]
    assert "<table" in section and 'src="data:image/svg+xml;base64,' in section and 'alt="' in section


def test_a_bad_period_or_party_is_404(client_for, parties):
    client = client_for("coordinator")
    assert client.get("/reports/2026Q7/all/").status_code == 404
    assert client.get("/reports/2026Q1/nowhere/").status_code == 404


def test_pdf_has_the_programme_period_and_page_numbers(client_for, q1):
    response = client_for("steering").get("/reports/2026Q1/all/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="report-2026Q1-all.pdf"' in response["Content-Disposition"]


def test_xlsx_has_a_sheet_per_section_and_numbers_as_numbers(client_for, q1):
    response = client_for("coordinator").get("/reports/2026Q1/all/report.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 7
    sheet = book[next(name for name in book.sheetnames if name.startswith("Registreringar"))]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[3]
    households = next(row for row in rows if row[0] == "Registrerade hushåll")
    assert households[header.index("Bräcke kommun")] == 2
    assert households[-1] == 11


def test_steering_xlsx_writes_a_suppressed_cell_as_words(client_for, q1):
    book = load_workbook(io.BytesIO(client_for("steering").get("/reports/2026Q1/all/report.xlsx").content))
    sheet = book[next(name for name in book.sheetnames if name.startswith("Registreringar"))]
    rows = list(sheet.iter_rows(values_only=True))
    households = next(row for row in rows if row[0] == "Registrerade hushåll")
    assert households[rows[3].index("Bräcke kommun")] == "färre än 3"


def test_the_guides_start_page_shows_their_party_this_quarter(client_for, parties):
    contact(municipalities=("bracke",))
    contact(municipalities=("are",))
    body = client_for("guide_bracke").get("/guidance/").content.decode()
    assert "Bräcke kommun detta kvartal" in body
    section = body.split('id="party-quarter-title"')[1].split("</section>")[0]
    assert "<strong>1</strong>Registrerade hushåll" in section


def test_steering_lands_on_the_dashboard(client_for, parties):
    response = client_for("steering").get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/reports/"
    # A fixed quarter: the seeded goals are those of 2025 and 2026.
    body = client_for("steering").get("/reports/?period=2026Q4").content.decode()
    # The programme against the year's goals, and each party.
    goals = body.split('id="t-goals"')[1].split("</table>")[0]
    assert "Hushåll som flyttat" in goals and ">400<" in goals
    # The networks app counts the companies; none found staff yet: a true zero, not "no figure yet".
    row = goals.split('<th scope="row">Företag som hittat arbetskraft</th>')[1].split("</tr>")[0]
    assert re.findall(r'<td data-label="[^"]*" class="num">([^<]*)</td>', row)[:2] == ["200", "0"]
    for party in report_parties():
        assert party.name in body


def test_coordinator_mails_each_party_its_report_as_pdf_and_it_is_logged(
    client_for, q1, smtp_server, django_capture_on_commit_callbacks
):
    parties = {party.slug: party for party in report_parties()}
    for slug in ("bracke", "are"):
        parties[slug].contact_email = f"kontakt@{slug}.example.se"
        parties[slug].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post("/reports/2026Q1/send/")
    assert response.status_code == 302
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "kontakt@are.example.se",
        "kontakt@bracke.example.se",
    ]
    attachment = next(part for part in smtp_server.messages[0].walk() if part.get_content_type() == "application/pdf")
    assert attachment.get_payload(decode=True).startswith(b"%PDF")
    log = ReportDispatch.objects.order_by("party__name")
    assert [(row.party.slug, row.period, row.sent_at is not None) for row in log] == [
        ("bracke", "2026Q1", True),
        ("are", "2026Q1", True),
    ]


def test_the_coordinator_edits_a_years_goal_and_the_dashboard_follows(client_for, parties):
    goal = Goal.objects.get(year=2026, metric="households_moved")
    response = client_for("coordinator").post(
        f"/admin/reports/goal/{goal.pk}/change/", {"year": 2026, "metric": "households_moved", "target": 420}
    )
    assert response.status_code == 302
    body = client_for("steering").get("/reports/?period=2026Q4").content.decode()
    assert ">420<" in body.split('id="t-goals"')[1].split("</table>")[0]
    assert client_for("steering").get(f"/admin/reports/goal/{goal.pk}/change/").status_code != 200


def test_the_pdf_embeds_a_chart_per_section_on_numbered_pages(client_for, q1):
    pdf = client_for("coordinator").get("/reports/2026Q1/all/report.pdf").content
    # The goals, six sections and the networks' companies that found staff.
    assert pdf.count(b"/Subtype /Image") == 8
    assert int(re.search(rb"/Count (\d+)", pdf).group(1)) >= 2


def test_steering_gets_no_name_of_a_guide_or_a_person_in_any_format(client_for, personas):
    guide = personas["guide_bracke"]
    for number in range(3):
        card = contact(
            first_name="Märta", last_name=f"Hemligsson{number}", municipalities=("bracke",), utm_campaign="vinter"
        )
        assign_contact(contact=card, guide=guide, acting_user=personas["coordinator"])
        card.refresh_from_db()
        change_status(
            contact=card,
            status="moved",
            version=card.version,
            acting_user=guide,
            moved_on=date(2026, 3, 2),
            moved_to=card.assigned_party,
            moved_household_size=2,
        )
    staff = client_for("coordinator").get("/reports/2026Q1/bracke/").content.decode()
    assert guide.get_full_name() in staff  # the coordinator sees moves by guide
    steering = client_for("steering")
    pages = [steering.get(path).content.decode() for path in ("/reports/2026Q1/bracke/", "/reports/?period=2026Q1")]
    book = load_workbook(io.BytesIO(steering.get("/reports/2026Q1/bracke/report.xlsx").content))
    pages.append(" ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row))
    for text in pages:
        for secret in ("Märta", "Hemligsson", guide.get_full_name(), guide.email):
            assert secret not in text
