from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inflytt.audit.models import AuditEvent
from inflytt.contacts import services
from inflytt.contacts.models import Activity
from inflytt.contacts.tests.factories import contact


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len([q for q in captured if "SAVEPOINT" not in q["sql"]])


@pytest.mark.django_db
def test_viewing_a_card_writes_an_audit_event(client_for, personas):
    person = contact()
    client_for("guide_are").get(f"/contacts/{person.pk}/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.contact_id) == (personas["guide_are"], person.pk)


@pytest.mark.django_db
def test_any_guide_can_open_any_municipalitys_contact(client_for):
    """The 2025 agreement, Bilaga 4 (docs/requirements.md): the guides are open with each other's contacts across
    municipal borders."""
    person = contact(municipalities=("ostersund",))
    assert client_for("guide_bracke").get(f"/contacts/{person.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_preferred_channel_comes_first_with_its_action(client_for):
    """Rule 2: respect the preferred channel; it is shown first on the card."""
    person = contact(preferred_channel="phone", phone="070-111 22 33", email="p@example.se")
    body = client_for("guide_bracke").get(f"/contacts/{person.pk}/").content.decode()
    reach = body[body.index('id="reach-title"') :]
    # Mail is written through Inflytt (logged on the card), never a mailto: link.
    assert reach.index('href="tel:+46701112233"') < reach.index(f'href="/guidance/contacts/{person.pk}/email/"')


@pytest.mark.django_db
def test_card_query_count_does_not_grow_with_activities(client_for, personas):
    """Intended to prevent an n+1 issue."""
    person = contact(municipalities=("bracke",), interests=("job", "housing"))
    guide = client_for("guide_bracke")
    guide.get("/contacts/")  # the session's first request refreshes its expiry; measure after that
    few = _queries(guide, f"/contacts/{person.pk}/")
    for number in range(60):
        services.add_activity(contact=person, kind="call", body=f"Samtal {number}", acting_user=personas["guide_are"])
    assert _queries(guide, f"/contacts/{person.pk}/") == few
    assert few <= 10


@pytest.mark.django_db
def test_the_timeline_is_paginated_newest_first(client_for, personas, settings):
    settings.ACTIVITIES_PER_PAGE = 5
    person = contact()
    for number in range(7):
        services.add_activity(
            contact=person, kind="note", body=f"Anteckning {number}", acting_user=personas["guide_are"]
        )
    page = client_for("guide_bracke").get(f"/contacts/{person.pk}/").context["activities"]
    assert [a.body for a in page.object_list][:2] == ["Anteckning 6", "Anteckning 5"]
    assert page.has_next
    older = client_for("guide_bracke").get(f"/contacts/{person.pk}/", {"page": 2}).context["activities"]
    assert len(older.object_list) == 3 and not older.has_next  # two notes and the registration


@pytest.mark.django_db
def test_html_in_any_field_is_shown_escaped(client_for):
    person = contact(first_name="<script>alert(1)</script>", message="<b>fet</b>")
    body = client_for("guide_bracke").get(f"/contacts/{person.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body and "&lt;b&gt;fet&lt;/b&gt;" in body


@pytest.mark.django_db
def test_add_activity_documents_the_dialogue_on_the_card(client_for, personas):
    """Rule 3: all dialogue is documented on the contact card."""
    person = contact()
    response = client_for("guide_are").post(
        f"/contacts/{person.pk}/activities/", {"kind": "call", "body": "Pratade om bostad i Åre."}
    )
    assert response.status_code == 302
    activity = person.activities.get(kind=Activity.Kind.CALL)
    assert (activity.author, activity.party.slug, activity.body) == (
        personas["guide_are"],
        "are",
        "Pratade om bostad i Åre.",
    )


@pytest.mark.django_db
def test_the_first_outgoing_contact_is_the_first_response_but_a_note_is_not(client_for):
    """The 2025 agreement, Bilaga 4 (docs/requirements.md): the person gets a first response; a note alone is no
    contact."""
    person = contact()
    guide = client_for("guide_bracke")
    guide.post(f"/contacts/{person.pk}/activities/", {"kind": "note", "body": "Ska ringa."})
    person.refresh_from_db()
    assert person.first_response_at is None and person.status == "new"
    guide.post(f"/contacts/{person.pk}/activities/", {"kind": "sms", "body": "Hej!"})
    person.refresh_from_db()
    assert person.first_response_at is not None and person.status == "contacted"


@pytest.mark.django_db
def test_an_invalid_activity_is_explained_and_nothing_saved(client_for):
    person = contact()
    response = client_for("guide_bracke").post(
        f"/contacts/{person.pk}/activities/", {"kind": "call", "body": "", "follow_up_on": "2000-01-01"}
    )
    assert response.status_code == 400
    errors = response.context["activity_form"].errors
    assert set(errors) == {"body", "follow_up_on"}
    assert person.activities.count() == 1  # only the registration


@pytest.mark.django_db
def test_a_double_submit_adds_one_activity(client_for):
    person = contact()
    guide = client_for("guide_bracke")
    token = guide.get(f"/contacts/{person.pk}/").context["submission_token"]
    data = {"kind": "call", "body": "Ringde.", "submission_token": token}
    guide.post(f"/contacts/{person.pk}/activities/", data)
    guide.post(f"/contacts/{person.pk}/activities/", data)
    assert person.activities.filter(kind="call").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_timeline_is_what_the_template_loop_wrote_with_every_value_escaped(personas, parties, language):
    """Rule 3 (all dialogue is documented on the card): the timeline built in Python (contact_tags.timeline)
    writes what the template loop wrote, for every kind of row, with every value escaped."""
    from datetime import date, datetime
    from pathlib import Path

    from django.template import Context, Template
    from django.test.html import parse_html
    from django.utils import timezone, translation

    from inflytt.contacts.selectors import contact_activities, contact_timeline, timeline_rows
    from inflytt.contacts.templatetags.contact_tags import timeline

    me, colleague = personas["guide_bracke"], personas["guide_are"]
    person = contact()  # its registration row is a system event with a source in words
    at = datetime(2026, 3, 2, 9, 15, tzinfo=timezone.get_current_timezone())
    rows = [
        {
            "kind": "call",
            "author": me,
            "party": parties["bracke"],
            "body": '<b>Ring</b> & "fråga"',
            "follow_up_on": date(2026, 3, 9),
        },
        {
            "kind": "note",
            "author": colleague,
            "subject": "<i>Ämne</i>",
            "follow_up_on": date(2026, 3, 10),
            "follow_up_done_at": at,
        },
        {"kind": "note", "author": colleague, "follow_up_on": date(2026, 3, 11)},  # not mine: no button
        {"kind": "email_in", "subject": "Svar"},
        {"kind": "email_out", "author": me, "subject": "Hej", "sent_at": at},
        {"kind": "email_out", "author": me, "subject": "Väntar"},
    ]
    for number, fields in enumerate(rows):
        Activity.objects.create(contact=person, occurred_at=at.replace(hour=10 + number), **fields)
    activities = list(contact_activities(contact=person))
    context = {"activities": activities, "user": me, "csrf_token": "token<&>"}
    with translation.override(language):
        built = timeline(Context(context), timeline_rows(list(contact_timeline(contact=person))))
        reference = Template(Path(__file__).parent.joinpath("reference", "timeline.html").read_text())
        looped = reference.render(Context(context))
        empty = timeline(Context(context), [])
        looped_empty = reference.render(Context({**context, "activities": []}))
    assert built.count('<li class="activity') == len(rows) + 1
    assert "<b>Ring</b>" not in built and "<i>" not in built and "token<&>" not in built
    assert built.count('name="next" value="card"') == 1  # only the viewer's own open follow-up
    assert parse_html(built) == parse_html(looped)
    assert parse_html(empty) == parse_html(looped_empty)


@pytest.mark.django_db
def test_the_card_shows_the_persons_own_lists_in_their_order(client_for, parties):
    """The household panel: the municipalities in the order the person chose them, the interests, each
    consent with its version, the magazine orders (read by selectors.card_details in one statement)."""
    import re

    from inflytt.intake.services import register_contact
    from inflytt.intake.tests.test_register_contact import data

    for _ in range(3):
        contact()  # ids of cards and of their rows differ
    chosen = [parties["stromsund"], parties["are"], parties["bracke"]]  # not alphabetical
    address = {"street": "Storgatan 1", "postal_code": "831 30", "city": "Östersund", "country": "SE"}
    person = register_contact(
        data=data(
            parties, municipalities=chosen, interests=["housing", "job"], wants_magazine=True, postal_address=address
        ),
        source="portal",
        form_label="t",
    ).contact
    undecided = contact(municipalities=())
    guide = client_for("guide_bracke")

    def facts(card) -> dict[str, str]:
        page = guide.get(f"/contacts/{card.pk}/").content.decode()
        pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", page, re.S)
        return {term: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", value)).strip() for term, value in pairs}

    shown = facts(person)
    assert shown["Intressekommuner"] == ", ".join(party.name for party in chosen)
    assert shown["Intressen"] == "Bostad, Arbete"
    assert shown["Samtycken"].count("version") == 2  # guidance and magazine, newest first
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown["Tidning"])
    assert facts(undecided)["Intressekommuner"] == "Inte bestämt"
    assert facts(undecided)["Intressen"] == "—"


@pytest.mark.django_db
def test_the_cards_lists_come_in_one_statement_each_in_its_own_order(parties):
    """selectors.card_details reads the four lists in one UNION ALL and sorts each as its own query
    did: the municipalities in the person's order, the interests as given, consents and magazine
    orders newest first. Ids and times disagree below, so a list sorted by the wrong column fails."""
    from datetime import UTC, datetime

    from inflytt.contacts.models import Consent, ContactMunicipality, MagazineOrder
    from inflytt.contacts.selectors import card_details

    other = contact(municipalities=("are",), interests=("job",))  # rows of another card come first
    Consent.objects.create(contact=other, purpose="guidance", text_version="9-sv-x", text="t")
    person = contact(interests=("housing", "job"))
    for position, slug in [(2, "are"), (0, "stromsund"), (1, "bracke")]:  # ids in another order than positions
        ContactMunicipality.objects.create(contact=person, party=parties[slug], position=position)

    def day(number: int) -> datetime:
        return datetime(2026, 3, number, 12, tzinfo=UTC)

    def consent(purpose: str, version: str, given: int) -> Consent:
        return Consent.objects.create(
            contact=person, purpose=purpose, text_version=version, text="t", given_at=day(given)
        )

    def order(ordered: int, sent: int | None) -> MagazineOrder:
        return MagazineOrder.objects.create(
            contact=person,
            ordered_at=day(ordered),
            sent_at=None if sent is None else day(sent),
            street="Storgatan 1",
            city="Östersund",
        )

    older, newer, first = (
        consent("guidance", "1-sv-a", 9),
        consent("magazine", "2-sv-b", 20),
        consent("newsletter", "3-sv-c", 1),
    )
    sent, waiting, earliest = order(15, 16), order(25, None), order(2, 3)

    with CaptureQueriesContext(connection) as captured:
        details = card_details(person)
        consents = [
            (c.pk, c.get_purpose_display(), c.version_number, c.given_at, c.withdrawn_at) for c in details.consents
        ]
        orders = [(o.pk, o.ordered_at, o.sent_at) for o in details.magazine_orders]

    assert len(captured) == 1
    assert details.municipalities == [parties["stromsund"].name, parties["bracke"].name, parties["are"].name]
    assert details.interests == ["Bostad", "Arbete"]
    assert consents == [
        (newer.pk, Consent.Purpose.MAGAZINE.label, "2", day(20), None),
        (older.pk, Consent.Purpose.GUIDANCE.label, "1", day(9), None),
        (first.pk, Consent.Purpose.NEWSLETTER.label, "3", day(1), None),
    ]
    assert orders == [(waiting.pk, day(25), None), (sent.pk, day(15), day(16)), (earliest.pk, day(2), day(3))]
    assert card_details(contact()) == type(details)(municipalities=[], interests=[], consents=[], magazine_orders=[])
