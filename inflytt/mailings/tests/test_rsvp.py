"""Meet-up invitations (inflyttarträffar): the invitation mailing creates the invitations, each
person answers through their signed link; a yes that does not fit goes on the waiting list and
gets a place when one is given up; attendance is marked afterwards; all on the cards. The 2025
agreement, Bilaga 4 (docs/requirements.md): "Via denna kan ni också bjuda in till eventuella inflyttarträffar ... bra
urval så att varje inbjudan hamnar med relevant information hos rätt individ"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from inflytt.contacts.models import Activity
from inflytt.contacts.tests.factories import contact
from inflytt.mailings import services
from inflytt.mailings.models import Event, Invitation, Mailing, Segment
from inflytt.mailings.selectors import event_figures
from inflytt.mailings.tests.conftest import parts
from inflytt.mailings.tokens import rsvp_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(parties) -> Event:
    return Event.objects.create(
        title="Inflyttarträff i Bräcke", starts_at=timezone.now() + timedelta(days=14), place="Folkets hus", capacity=3
    )


def link(event: Event, person) -> str:
    return f"/mailings/rsvp/{rsvp_token(event_id=event.pk, contact_id=person.pk)}/"


def test_the_invitation_mailing_invites_the_segment_with_a_personal_link(
    smtp_server, event, make_mailing, personas, django_capture_on_commit_callbacks
):
    bracke = contact(first_name="Ada", email="ada@example.se", municipalities=("bracke",))
    contact(first_name="Bo", email="bo@example.se", municipalities=("are",))
    segment = Segment.objects.create(name="Bräcke", conditions={"municipalities": [bracke.assigned_party_id]})
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, kind=Mailing.Kind.INVITATION, event=event, segment=segment)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=personas["guide_bracke"])

    assert [message["To"] for message in smtp_server.messages] == ["ada@example.se"]
    text = parts(smtp_server.messages[0])["text/plain"]
    url = re.search(r"https?://\S+/mailings/rsvp/\S+", text).group(0)
    assert Invitation.objects.filter(event=event, contact=bracke).exists()
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    response = Client().post(path, {"coming": "yes", "guests": "1"})
    assert response.status_code == 200
    invitation = Invitation.objects.get(event=event, contact=bracke)
    assert (invitation.answer, invitation.guests) == (Invitation.Answer.YES, 1)
    assert Activity.objects.filter(contact=bracke, kind=Activity.Kind.SYSTEM).exists()


def test_a_yes_that_does_not_fit_waits_and_gets_the_place_someone_gives_up(event):
    first, second, third = (contact(email=f"p{n}@example.se") for n in range(3))
    for person in (first, second, third):
        Invitation.objects.create(event=event, contact=person)
    Client().post(link(event, first), {"coming": "yes", "guests": "1"})  # 2 of 3 places
    Client().post(link(event, second), {"coming": "yes", "guests": "1"})  # 2 more: does not fit
    Client().post(link(event, third), {"coming": "yes", "guests": "0"})  # 1 more: fits
    answers = dict(Invitation.objects.values_list("contact_id", "answer"))
    assert answers == {first.pk: "yes", second.pk: "waiting", third.pk: "yes"}
    assert event_figures(event)["places_taken"] == 3

    Client().post(link(event, first), {"coming": "no"})
    answers = dict(Invitation.objects.values_list("contact_id", "answer"))
    assert answers == {first.pk: "no", second.pk: "yes", third.pk: "yes"}
    assert Activity.objects.filter(contact=second, subject__contains=event.title).count() == 2


def test_a_forged_expired_or_foreign_link_shows_no_event(event):
    person = contact(email="p@example.se")
    Invitation.objects.create(event=event, contact=person)
    good = link(event, person)
    assert Client().get(good).status_code == 200
    assert Client().get(good[:-4] + "xyz/").status_code == 404
    stranger = contact(email="s@example.se")  # not invited: a valid signature is not enough
    assert Client().get(link(event, stranger)).status_code == 404
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    response = Client().post(good, {"coming": "yes"})
    assert response.status_code == 410
    assert Invitation.objects.get(contact=person).answer == ""


def test_bad_rsvp_input_is_told_and_nothing_is_saved(event):
    person = contact(email="p@example.se")
    Invitation.objects.create(event=event, contact=person)
    response = Client().post(link(event, person) + "?lang=en", {"coming": "maybe", "guests": "99"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert Invitation.objects.get(contact=person).answer == ""


def test_attendance_is_marked_afterwards_and_logged_on_the_card(event, client_for, personas):
    came, stayed = contact(email="c@example.se"), contact(email="s@example.se")
    for person in (came, stayed):
        Invitation.objects.create(event=event, contact=person, answer="yes", answered_at=timezone.now())
    invitation = Invitation.objects.get(contact=came)
    response = client_for("guide_bracke").post(
        f"/mailings/events/{event.pk}/attendance/", {"attended": [str(invitation.pk)]}
    )
    assert response.status_code == 302
    assert dict(Invitation.objects.values_list("contact_id", "attended")) == {came.pk: True, stayed.pk: False}
    assert Activity.objects.filter(contact=came, kind=Activity.Kind.MEETING).exists()
    # The segment condition "attended the event" now finds the one who came.
    from inflytt.mailings.selectors import segment_contacts

    attended = Segment(name="Kom", conditions={"attended_events": [event.pk]})
    assert list(segment_contacts(attended)) == [came]


def test_a_reminder_goes_to_those_coming_or_waiting(
    smtp_server, event, make_mailing, personas, django_capture_on_commit_callbacks
):
    coming, declined = contact(email="c@example.se"), contact(email="d@example.se")
    Invitation.objects.create(event=event, contact=coming, answer="yes")
    Invitation.objects.create(event=event, contact=declined, answer="no")
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, kind=Mailing.Kind.REMINDER, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    assert [message["To"] for message in smtp_server.messages] == ["c@example.se"]
