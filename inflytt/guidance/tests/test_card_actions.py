from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.tests.factories import contact


@pytest.mark.django_db
def test_transfer_moves_the_contact_notifies_the_receivers_and_keeps_the_clock(
    client_for, personas, django_capture_on_commit_callbacks
):
    """Rule 4: guides transfer across municipal borders with a note; the clock does not restart."""
    person = contact(municipalities=("bracke",))
    due = person.first_response_due
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("guide_bracke").post(
            f"/guidance/contacts/{person.pk}/transfer/", {"to_party": "are", "note": "Vill hellre bo i Åre."}
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.assigned_party.slug == "are"
    assert person.first_response_due == due
    transfer = person.activities.get(kind=Activity.Kind.TRANSFER)
    assert transfer.body == "Vill hellre bo i Åre." and "Åre kommun" in transfer.subject
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TRANSFER, contact_id=person.pk).exists()
    assert [message.to for message in mail.outbox] == [[personas["guide_are"].email]]


@pytest.mark.django_db
def test_a_transfer_without_a_note_changes_nothing(client_for):
    person = contact(municipalities=("bracke",))
    response = client_for("guide_bracke").post(
        f"/guidance/contacts/{person.pk}/transfer/", {"to_party": "are", "note": "  "}
    )
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    person.refresh_from_db()
    assert person.assigned_party.slug == "bracke"
    assert not person.activities.filter(kind=Activity.Kind.TRANSFER).exists()


@pytest.mark.django_db
def test_moved_needs_date_municipality_and_household_size(client_for):
    person = contact(municipalities=("bracke",))
    guide = client_for("guide_bracke")
    response = guide.post(f"/guidance/contacts/{person.pk}/status/", {"status": "moved", "version": person.version})
    assert response.status_code == 400
    assert {"moved_on", "moved_to", "moved_household_size"} <= set(response.context["form"].errors)
    person.refresh_from_db()
    assert person.status == Contact.Status.NEW


@pytest.mark.django_db
def test_setting_moved_keeps_the_attribution_and_logs_the_change(client_for, personas):
    person = contact(municipalities=("bracke",), source="event", utm_campaign="varen")
    moved_on = timezone.localdate() - timedelta(days=3)
    response = client_for("guide_bracke").post(
        f"/guidance/contacts/{person.pk}/status/",
        {
            "status": "moved",
            "version": person.version,
            "moved_on": moved_on.isoformat(),
            "moved_to": "bracke",
            "moved_household_size": 3,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.status, person.moved_on, person.moved_to.slug, person.moved_household_size) == (
        "moved",
        moved_on,
        "bracke",
        3,
    )
    assert (person.source, person.utm_campaign) == ("event", "varen")
    assert person.activities.filter(kind=Activity.Kind.STATUS_CHANGE).count() == 1


@pytest.mark.django_db
def test_a_status_change_from_a_stale_card_is_refused(client_for):
    person = contact()
    stale = person.version
    guide = client_for("guide_bracke")
    assert (
        guide.post(f"/guidance/contacts/{person.pk}/status/", {"status": "paused", "version": stale}).status_code == 302
    )
    response = guide.post(f"/guidance/contacts/{person.pk}/status/", {"status": "not_moving", "version": stale})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.status == "paused"


@pytest.mark.django_db
def test_mail_from_the_card_is_sent_by_the_queue_and_logged_in_full(
    client_for, personas, django_capture_on_commit_callbacks
):
    """Rule 3: mail sent from the system is logged on the card."""
    person = contact(email="asa@example.se", first_name="Åsa")
    guide = client_for("guide_bracke")
    form = guide.get(f"/guidance/contacts/{person.pk}/email/")
    assert "Hej Åsa!" in form.context["form"].initial["body"]
    with django_capture_on_commit_callbacks(execute=True):
        response = guide.post(
            f"/guidance/contacts/{person.pk}/email/", {"subject": "Välkommen", "body": "Hej Åsa!\n\nVälkommen hit."}
        )
    assert response.status_code == 302
    assert [(message.to, message.subject) for message in mail.outbox] == [(["asa@example.se"], "Välkommen")]
    assert mail.outbox[0].reply_to == [personas["guide_bracke"].email]
    logged = person.activities.get(kind=Activity.Kind.EMAIL_OUT)
    assert logged.body == "Hej Åsa!\n\nVälkommen hit." and logged.sent_at is not None
    person.refresh_from_db()
    assert person.first_response_at is not None


@pytest.mark.django_db
def test_no_mail_to_a_contact_without_an_address(client_for):
    person = contact(email="", preferred_channel="phone")
    response = client_for("guide_bracke").post(
        f"/guidance/contacts/{person.pk}/email/", {"subject": "Hej", "body": "Text"}
    )
    assert response.status_code == 400
    assert mail.outbox == []


@pytest.mark.django_db
def test_assign_to_me_and_reassign_within_the_party(client_for, personas):
    person = contact(municipalities=("bracke",))
    client_for("guide_are").post(f"/guidance/contacts/{person.pk}/assign/", {"take": "1"})
    person.refresh_from_db()
    assert person.assigned_guide == personas["guide_are"]
    response = client_for("guide_bracke").post(
        f"/guidance/contacts/{person.pk}/assign/", {"guide": personas["guide_bracke"].pk}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.assigned_guide == personas["guide_bracke"]


@pytest.mark.django_db
def test_follow_ups_due_today_and_marking_them_done(client_for, personas):
    from inflytt.contacts import services

    person = contact()
    guide = personas["guide_bracke"]
    activity = services.add_activity(
        contact=person, kind="call", body="Ring igen", follow_up_on=timezone.localdate(), acting_user=guide
    )
    client = client_for("guide_bracke")
    assert [a.pk for a in client.get("/guidance/follow-ups/").context["page"].object_list] == [activity.pk]
    assert client_for("guide_are").post(f"/guidance/follow-ups/{activity.pk}/done/").status_code == 404
    assert client.post(f"/guidance/follow-ups/{activity.pk}/done/").status_code == 302
    assert list(client.get("/guidance/follow-ups/").context["page"].object_list) == []


@pytest.mark.django_db
def test_daily_digest_goes_to_guides_on_working_days_only(personas):
    from inflytt.guidance.digest import send_daily_digests

    contact(municipalities=("bracke",), first_name="Östen")
    assert send_daily_digests(today=date(2026, 12, 24)) == 0  # julafton
    assert send_daily_digests(today=date(2026, 12, 28)) == 1
    (message,) = mail.outbox
    assert message.to == [personas["guide_bracke"].email]
    assert "Östen" in message.body and "@" not in message.body.replace(message.to[0], "")


@pytest.mark.django_db
def test_card_mail_reaches_a_real_smtp_server(client_for, smtp_server, django_capture_on_commit_callbacks):
    person = contact(email="orjan@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        client_for("guide_bracke").post(
            f"/guidance/contacts/{person.pk}/email/", {"subject": "Hälsningar från Bräcke", "body": "Hej Örjan!"}
        )
    (message,) = smtp_server.messages
    assert message["To"] == "orjan@example.se"
    assert "Örjan" in message.get_payload(decode=True).decode(message.get_content_charset())


def test_a_follow_up_is_marked_done_inline_with_htmx_and_without_javascript(client_for, personas):
    """Issue 14: inline saves with htmx, "every action still works without JavaScript"."""
    from inflytt.contacts import services

    person = contact()
    guide = personas["guide_bracke"]
    first, second = (
        services.add_activity(
            contact=person, kind="call", body=body, follow_up_on=timezone.localdate(), acting_user=guide
        )
        for body in ("Ring igen", "Skicka länkar")
    )
    client = client_for("guide_bracke")
    assert 'hx-post="/guidance/follow-ups/' in client.get("/guidance/").content.decode()
    # htmx: the answer is the note that replaces the button's form, not a page.
    response = client.post(f"/guidance/follow-ups/{first.pk}/done/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<p class="done-note" role="status">') and "<html" not in html
    assert "Uppföljningen är klar." in html
    # Without JavaScript: the plain post saves and goes back to the card.
    response = client.post(f"/guidance/follow-ups/{second.pk}/done/", {"next": "card"})
    assert response.status_code == 302 and response["Location"] == f"/contacts/{person.pk}/"
    assert Activity.objects.filter(pk__in=[first.pk, second.pk], follow_up_done_at__isnull=False).count() == 2
    assert AuditEvent.objects.filter(object_id=str(first.pk), detail__fields=["follow_up_done_at"]).exists()
    # Someone else's follow-up: the same 404 with or without htmx.
    third = services.add_activity(
        contact=person, kind="call", body="X", follow_up_on=timezone.localdate(), acting_user=guide
    )
    assert (
        client_for("guide_are")
        .post(f"/guidance/follow-ups/{third.pk}/done/", headers={"HX-Request": "true"})
        .status_code
        == 404
    )
