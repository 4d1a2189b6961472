"""Place ambassadors invited to meet-ups (the 2025 agreement, Bilaga 1: the region "sammankallar
och administrerar" the place ambassadors): the same events as the newcomers' invitations
(inflytt.mailings), chosen by segment, a mail over SMTP with a signed link bound to the
ambassador and the invitation, the answer and the attendance on the ambassador's log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Event, Invitation
from inflytt.mailings.selectors import event_figures
from inflytt.mailings.tests.conftest import parts, picky_smtp_server  # noqa: F401 - a fixture
from inflytt.networks import services
from inflytt.networks.models import AmbassadorActivity, AmbassadorInvitation
from inflytt.networks.tests.factories import ambassador, coworking, employer
from inflytt.networks.tokens import rsvp_token, unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(parties) -> Event:
    # Unrelated rows first: ids of contacts, ambassadors, events and both invitation tables differ.
    for _ in range(3):
        coworking()
        employer()
    Event.objects.create(
        title="Förra årets träff", starts_at=timezone.now() - timedelta(days=300), place="X", capacity=5
    )
    return Event.objects.create(
        title="Inflyttarträff i Bräcke", starts_at=timezone.now() + timedelta(days=14), place="Folkets hus", capacity=1
    )


@pytest.fixture
def hosts(event, parties):
    for number in range(4):
        contact(email=f"filler{number}@example.se")
    return {
        "gunnel": ambassador(first_name="Gunnel", email="gunnel@example.se", party="bracke", offers=["coffee"]),
        "olle": ambassador(first_name="Olle", email="olle@example.se", party="bracke", offers=["sports"]),
        "are": ambassador(first_name="Åsa", email="asa@example.se", party="are", offers=["coffee"]),
        "paused": ambassador(first_name="Paus", email="paus@example.se", party="bracke", status="paused"),
    }


def _invite(event, parties, personas, captured, **choice):
    data = {"party_ids": [parties["bracke"].pk], "offers": [], "message": "Ta gärna med fika!", **choice}
    with captured(execute=True):
        return services.invite_ambassadors(event=event, acting_user=personas["ambassador_admin"], **data)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_segment_selects_active_ambassadors_by_municipality_and_offer(
    event, hosts, parties, personas, django_capture_on_commit_callbacks
):
    invited = _invite(event, parties, personas, django_capture_on_commit_callbacks, offers=["coffee"])
    assert [row.ambassador for row in invited] == [hosts["gunnel"]]
    everyone = _invite(event, parties, personas, django_capture_on_commit_callbacks, party_ids=[], offers=[])
    # Not invited twice; the paused ambassador never.
    assert {row.ambassador.first_name for row in everyone} == {"Olle", "Åsa"}
    assert AmbassadorInvitation.objects.filter(event=event).count() == 3


def test_each_ambassador_gets_a_mail_over_smtp_and_answers_through_their_own_link(
    smtp_server, event, hosts, parties, personas, django_capture_on_commit_callbacks
):
    _invite(event, parties, personas, django_capture_on_commit_callbacks)
    assert sorted(message["To"] for message in smtp_server.messages) == ["gunnel@example.se", "olle@example.se"]
    mail = next(message for message in smtp_server.messages if message["To"] == "gunnel@example.se")
    text = parts(mail)["text/plain"]
    assert "Inflyttarträff i Bräcke" in text and "Ta gärna med fika!" in text
    url = re.search(r"https?://\S+/ambassadors/rsvp/\S+", text).group(0)
    invitation = AmbassadorInvitation.objects.get(ambassador=hosts["gunnel"])
    assert invitation.mailed_at is not None
    assert invitation.pk != hosts["gunnel"].pk != event.pk  # the ids differ, so a mix-up would show

    assert Client().get(_path(url)).status_code == 200
    response = Client().post(_path(url), {"coming": "yes"})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.answer == AmbassadorInvitation.Answer.YES
    log = list(AmbassadorActivity.objects.filter(ambassador=hosts["gunnel"]).values_list("kind", "body"))
    assert ("event", "Inbjuden till Inflyttarträff i Bräcke") in log
    assert ("event", "Coming to Inflyttarträff i Bräcke") in log or (
        "event",
        "Kommer till Inflyttarträff i Bräcke",
    ) in log
    # Nothing of this is on the other ambassador's log but the invitation.
    assert AmbassadorActivity.objects.filter(ambassador=hosts["olle"]).count() == 1
    # A resent task sends nobody twice.
    from inflytt.networks.tasks import send_ambassador_invitations

    send_ambassador_invitations([invitation.pk])
    assert len(smtp_server.messages) == 2


def test_ambassadors_take_none_of_the_newcomers_places(
    event, hosts, parties, personas, django_capture_on_commit_callbacks
):
    invitation = _invite(event, parties, personas, django_capture_on_commit_callbacks)[0]
    services.answer_ambassador_invitation(invitation=invitation, coming=True)
    figures = event_figures(event)
    assert figures["places_taken"] == 0 and figures["invited"] == 0
    assert not Invitation.objects.exists()


def test_the_link_answers_only_its_own_invitation(event, hosts, parties, personas, django_capture_on_commit_callbacks):
    invitations = {
        row.ambassador_id: row for row in _invite(event, parties, personas, django_capture_on_commit_callbacks)
    }
    gunnel, olle = invitations[hosts["gunnel"].pk], invitations[hosts["olle"].pk]
    # Gunnel's invitation with Olle's id (a link for someone else), or for another event: not valid.
    for token in (
        rsvp_token(invitation_id=gunnel.pk, ambassador_id=olle.ambassador_id, event_id=event.pk),
        rsvp_token(invitation_id=gunnel.pk, ambassador_id=gunnel.ambassador_id, event_id=event.pk + 1),
        rsvp_token(invitation_id=gunnel.pk, ambassador_id=gunnel.ambassador_id, event_id=event.pk)[:-2] + "xx",
    ):
        assert Client().post(f"/sv/ambassadors/rsvp/{token}/", {"coming": "yes"}).status_code == 404
    # The newcomers' RSVP link format is not an ambassador's (its own salt).
    from inflytt.mailings.tokens import rsvp_token as newcomer_token

    other = newcomer_token(event_id=event.pk, contact_id=gunnel.ambassador_id)
    assert Client().post(f"/sv/ambassadors/rsvp/{other}/", {"coming": "yes"}).status_code == 404
    gunnel.refresh_from_db()
    olle.refresh_from_db()
    assert gunnel.answer == olle.answer == ""


def test_answers_close_when_the_event_starts(event, hosts, parties, personas, django_capture_on_commit_callbacks):
    invitation = _invite(event, parties, personas, django_capture_on_commit_callbacks)[0]
    token = rsvp_token(invitation_id=invitation.pk, ambassador_id=invitation.ambassador_id, event_id=event.pk)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    assert Client().post(f"/en/ambassadors/rsvp/{token}/", {"coming": "yes"}).status_code == 410
    invitation.refresh_from_db()
    assert invitation.answer == ""


def test_attendance_is_marked_on_the_page_and_logged(
    client_for, event, hosts, parties, personas, django_capture_on_commit_callbacks
):
    invitations = _invite(event, parties, personas, django_capture_on_commit_callbacks)
    came = next(row for row in invitations if row.ambassador == hosts["gunnel"])
    client = client_for("ambassador_admin")
    page = client.get(f"/networks/events/{event.pk}/").text
    assert "Gunnel" in page and "Olle" in page
    assert client.post(f"/networks/events/{event.pk}/attendance/", {"attended": [str(came.pk)]}).status_code == 302
    rows = {row.ambassador_id: row.attended for row in AmbassadorInvitation.objects.filter(event=event)}
    assert rows == {hosts["gunnel"].pk: True, hosts["olle"].pk: False}
    assert AmbassadorActivity.objects.filter(
        ambassador=hosts["gunnel"], body="Deltog i Inflyttarträff i Bräcke"
    ).exists()
    assert AmbassadorActivity.objects.filter(
        ambassador=hosts["olle"], body="Deltog inte i Inflyttarträff i Bräcke"
    ).exists()
    assert AuditEvent.objects.filter(object_type="mailings.event", object_id=str(event.pk), action="edit").exists()


def test_the_network_manager_invites_from_the_event_page(
    client_for, smtp_server, event, hosts, parties, django_capture_on_commit_callbacks
):
    client = client_for("ambassador_admin")
    assert "Inflyttarträff i Bräcke" in client.get("/networks/events/").text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/networks/events/{event.pk}/invite/", {"parties": [parties["are"].pk], "offers": ["coffee"]}
        )
    assert response.status_code == 302
    assert [message["To"] for message in smtp_server.messages] == ["asa@example.se"]
    # An event that has begun takes no invitations.
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    assert client.post(f"/networks/events/{event.pk}/invite/", {}).status_code == 400


def test_a_refused_address_does_not_hold_up_the_others(
    client_for,
    picky_smtp_server,  # noqa: F811 - the fixture imported above
    event,
    hosts,
    parties,
    personas,
    django_capture_on_commit_callbacks,
):
    ambassador(first_name="Studs", email="bounce@example.se", party="bracke")
    _invite(event, parties, personas, django_capture_on_commit_callbacks)
    assert sorted(message["To"] for message in picky_smtp_server.messages) == ["gunnel@example.se", "olle@example.se"]
    refused = AmbassadorInvitation.objects.get(ambassador__email="bounce@example.se")
    assert (refused.mailed_at, refused.mail_error) == (None, "550")
    assert "Inbjudan nekades" in client_for("ambassador_admin").get(f"/networks/events/{event.pk}/").text


def test_the_unsubscribe_link_in_the_mail_ends_invitations_for_that_ambassador_only(
    smtp_server, event, hosts, parties, personas, django_capture_on_commit_callbacks
):
    _invite(event, parties, personas, django_capture_on_commit_callbacks)
    mail = next(message for message in smtp_server.messages if message["To"] == "gunnel@example.se")
    url = "".join(str(mail["List-Unsubscribe"]).split()).strip("<>")  # unfolded
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in parts(mail)["text/plain"]
    assert Client().get(_path(url)).status_code == 200  # a mail scanner following the link declines nothing
    hosts["gunnel"].refresh_from_db()
    assert hosts["gunnel"].invitations_declined_at is None
    assert Client(enforce_csrf_checks=True).post(_path(url)).status_code == 200  # the one-click POST
    hosts["gunnel"].refresh_from_db()
    assert hosts["gunnel"].invitations_declined_at is not None
    assert AmbassadorActivity.objects.filter(
        ambassador=hosts["gunnel"], body="Vill inte ha fler inbjudningar till träffar."
    ).exists()
    # Left out of the next segment; the others are not.
    later = Event.objects.create(title="Vårträff", starts_at=timezone.now() + timedelta(days=60), place="Y", capacity=9)
    again = _invite(later, parties, personas, django_capture_on_commit_callbacks)
    assert [row.ambassador for row in again] == [hosts["olle"]]


def test_an_unsubscribe_link_works_only_for_the_ambassador_it_was_sent_to(
    event, hosts, parties, personas, django_capture_on_commit_callbacks
):
    invitations = {
        row.ambassador_id: row for row in _invite(event, parties, personas, django_capture_on_commit_callbacks)
    }
    gunnel = invitations[hosts["gunnel"].pk]
    for token in (
        unsubscribe_token(ambassador_id=hosts["olle"].pk, invitation_id=gunnel.pk),  # someone else's invitation
        rsvp_token(invitation_id=gunnel.pk, ambassador_id=gunnel.ambassador_id, event_id=event.pk),  # another purpose
    ):
        assert Client().post(f"/sv/ambassadors/unsubscribe/{token}/").status_code == 404
    assert not AmbassadorActivity.objects.filter(body__startswith="Vill inte").exists()


def test_the_meet_up_pages_take_a_fixed_number_of_queries(
    client_for, event, hosts, parties, personas, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for number in range(8):
        ambassador(first_name=f"Värd{number}", party="bracke")
    _invite(event, parties, personas, django_capture_on_commit_callbacks)
    client = client_for("ambassador_admin")
    # (+1: the programme's branding, read when its cache is cold)
    with django_assert_max_num_queries(8):
        assert client.get("/networks/events/").status_code == 200
    with django_assert_max_num_queries(7):
        page = client.get(f"/networks/events/{event.pk}/")
    assert page.status_code == 200 and "Värd7" in page.text


def test_the_ambassadors_answer_page_shows_the_event_in_the_pages_language(
    event, hosts, parties, personas, django_capture_on_commit_callbacks
):
    """Events are written in Swedish and English (issue 14): the ambassador's page in English shows
    the English title and place, in Swedish the Swedish ones."""
    Event.objects.filter(pk=event.pk).update(title_en="Newcomers' meet-up in Bräcke", place_en="The People's Hall")
    invitation = _invite(event, parties, personas, django_capture_on_commit_callbacks)[0]
    token = rsvp_token(invitation_id=invitation.pk, ambassador_id=invitation.ambassador_id, event_id=event.pk)
    english = Client().get(f"/en/ambassadors/rsvp/{token}/").text
    assert "Newcomers&#x27; meet-up in Bräcke" in english and "The People&#x27;s Hall" in english
    assert "Inflyttarträff i Bräcke" not in english
    swedish = Client().get(f"/sv/ambassadors/rsvp/{token}/").text
    assert "Inflyttarträff i Bräcke" in swedish and "Folkets hus" in swedish
