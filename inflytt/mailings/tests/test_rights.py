"""Who may send what, from the 2025 agreement.

- Bilaga 4: a guide keeps in touch with "sina inflyttare via nyhetsbrevsfunktionen ... Via denna
  kan ni också bjuda in till eventuella inflyttarträffar", and "Varje kommun ansvarar för att gå
  igenom de kontakter som har klickat i deras kommun": a guide's guidance mailings and event
  invitations reach the contacts the guide's party handles or who chose its municipality, and
  no one else. This holds in the selector that resolves recipients (at scheduling and again at
  send time) and in the segment a guide looks at, not only on a page.
- Bilaga 1, the region's "Kommunikation": "produktion av nyhetsbrev": the newsletter to all
  subscribers is a coordinator's mailing, as is one to other parties' contacts.
- Bilaga 3, "Region Jämtland Härjedalens ansvar" (the CRM, "Övergripande ansvar/huvudman"; the
  magazine): marking magazine orders sent, which removes postal addresses, is a coordinator's.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from inflytt.contacts.models import MagazineOrder
from inflytt.contacts.tests.factories import contact
from inflytt.guidance.services import transfer_contact
from inflytt.mailings import services
from inflytt.mailings.models import Event, Invitation, Mailing, Segment
from inflytt.mailings.selectors import recipients, segment_contacts
from inflytt.mailings.tests.conftest import recipients_of, subscriber
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):
    """Who Bräcke's guides may reach (handled by Bräcke, or chose Bräcke) and who not."""
    reach = {
        "handled": contact(first_name="Ada", email="ada@example.se", municipalities=("bracke",)),
        "also_chose": contact(first_name="Bo", email="bo@example.se", municipalities=("are", "bracke")),
        "moved_on": contact(first_name="Cia", email="cia@example.se", municipalities=("bracke",)),
    }
    transfer_contact(
        contact=reach["moved_on"], to_party=Party.objects.get(slug="ostersund"), note="Söker jobb i Östersund",
        acting_user=personas["coordinator"],
    )  # fmt: skip
    outside = {
        "are": contact(first_name="Dan", email="dan@example.se", municipalities=("are",)),
        "undecided": contact(first_name="Eva", email="eva@example.se"),
    }
    return reach, outside


def emails(people: dict) -> list[str]:
    return sorted(person.email for person in people.values())


def schedule(mailing, user, captured) -> None:
    with captured(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=user)
    mailing.refresh_from_db()


def test_a_guides_guidance_mailing_reaches_only_their_partys_contacts(
    smtp_server, make_mailing, personas, people, segment, django_capture_on_commit_callbacks
):
    reach, _outside = people
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, segment=segment)
    schedule(mailing, personas["guide_bracke"], django_capture_on_commit_callbacks)
    assert recipients_of(smtp_server.messages) == emails(reach)
    assert mailing.limited_to == Party.objects.get(slug="bracke")


def test_a_coordinators_guidance_mailing_reaches_everyone_selected(
    smtp_server, make_mailing, personas, people, segment, django_capture_on_commit_callbacks
):
    reach, outside = people
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, segment=segment)
    schedule(mailing, personas["coordinator"], django_capture_on_commit_callbacks)
    assert recipients_of(smtp_server.messages) == sorted(emails(reach) + emails(outside))
    assert mailing.limited_to is None


def test_a_segment_naming_other_parties_does_not_widen_a_guides_reach(
    smtp_server, make_mailing, personas, people, django_capture_on_commit_callbacks
):
    """Choosing Åre's contacts in the segment does not make them a Bräcke guide's to mail: of
    those Åre handles, only the one who also chose Bräcke is reached."""
    reach, _outside = people
    are = Party.objects.get(slug="are")
    only_are = Segment.objects.create(name="Åre", conditions={"assigned_parties": [are.pk]})
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, segment=only_are)
    schedule(mailing, personas["guide_bracke"], django_capture_on_commit_callbacks)
    assert recipients_of(smtp_server.messages) == [reach["also_chose"].email]


def test_the_limit_holds_again_at_send_time(personas, people, make_mailing, segment):
    """The selector that resolves recipients at send time applies the limit stored on the mailing."""
    reach, outside = people
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, segment=segment)
    services.schedule_mailing(
        mailing=mailing, acting_user=personas["guide_bracke"], send_at=timezone.now() + timedelta(hours=1)
    )
    late = contact(first_name="Fia", email="fia@example.se", municipalities=("krokom",))
    resolved = set(recipients(Mailing.objects.get(pk=mailing.pk)).values_list("email", flat=True))
    assert resolved == {person.email for person in reach.values()}
    assert late.email not in resolved and not resolved & {person.email for person in outside.values()}


def test_a_guides_event_invitation_invites_only_their_partys_contacts(
    smtp_server, make_mailing, personas, people, segment, django_capture_on_commit_callbacks
):
    reach, _outside = people
    event = Event.objects.create(
        title="Inflyttarträff i Bräcke", starts_at=timezone.now() + timedelta(days=10), place="Folkets hus", capacity=50
    )
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, kind=Mailing.Kind.INVITATION, event=event, segment=segment)
    schedule(mailing, personas["guide_bracke"], django_capture_on_commit_callbacks)
    assert recipients_of(smtp_server.messages) == emails(reach)
    invited = set(Invitation.objects.filter(event=event).values_list("contact__email", flat=True))
    assert invited == {person.email for person in reach.values()}


def test_the_segment_a_guide_looks_at_holds_only_their_reach(client_for, people, segment):
    reach, _outside = people
    bracke = Party.objects.get(slug="bracke")
    assert set(segment_contacts(segment, reach=bracke)) == set(reach.values())
    page = client_for("guide_bracke").get(f"/mailings/segments/{segment.pk}/").content.decode()
    assert 'id="segment-count">3 ' in page
    assert "Dan" not in page and "Eva" not in page
    everyone = client_for("coordinator").get(f"/mailings/segments/{segment.pk}/").content.decode()
    assert 'id="segment-count">5 ' in everyone


def test_only_a_coordinator_sends_the_newsletter(
    smtp_server, make_mailing, personas, client_for, django_capture_on_commit_callbacks
):
    subscriber(email="anna@example.se", municipalities=("bracke",))
    mailing = make_mailing(purpose=Mailing.Purpose.NEWSLETTER)
    with pytest.raises(PermissionDenied):
        services.schedule_mailing(mailing=mailing, acting_user=personas["guide_bracke"])
    guide = client_for("guide_bracke")
    page = guide.get(f"/mailings/{mailing.pk}/").content.decode()
    assert f'action="/mailings/{mailing.pk}/send/"' not in page
    assert "Bara en samordnare kan skicka nyhetsbrevet" in page
    assert guide.post(f"/mailings/{mailing.pk}/send/", {"send_at": ""}).status_code == 403
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT and smtp_server.messages == []

    schedule(mailing, personas["coordinator"], django_capture_on_commit_callbacks)
    assert recipients_of(smtp_server.messages) == ["anna@example.se"]


def test_the_count_a_guide_sees_before_sending_is_their_reach(client_for, make_mailing, people, segment):
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, segment=segment)
    assert 'id="live-count">3<' in client_for("guide_bracke").get(f"/mailings/{mailing.pk}/").content.decode()
    assert 'id="live-count">5<' in client_for("coordinator").get(f"/mailings/{mailing.pk}/").content.decode()


def test_only_a_coordinator_marks_magazine_orders_sent(client_for, personas, parties):
    order = MagazineOrder.objects.create(
        contact=contact(municipalities=("bracke",)), street="Storgatan 1", postal_code="831 30", city="Östersund"
    )
    with pytest.raises(PermissionDenied):
        services.mark_magazine_sent(up_to_id=order.pk, acting_user=personas["guide_bracke"])
    guide = client_for("guide_bracke")
    assert "/mailings/magazine/sent/" not in guide.get("/mailings/magazine/").content.decode()
    assert guide.post("/mailings/magazine/sent/", {"up_to": str(order.pk)}).status_code == 403
    order.refresh_from_db()
    assert order.sent_at is None and order.street == "Storgatan 1"

    assert client_for("coordinator").post("/mailings/magazine/sent/", {"up_to": str(order.pk)}).status_code == 302
    order.refresh_from_db()
    assert order.sent_at is not None and order.street == ""


def test_a_guide_cannot_rewrite_or_stop_a_scheduled_newsletter(make_mailing, personas, client_for):
    """Else a guide could change what a coordinator's newsletter says to every subscriber."""
    subscriber(email="anna@example.se")
    mailing = make_mailing(purpose=Mailing.Purpose.NEWSLETTER)
    services.schedule_mailing(
        mailing=mailing, acting_user=personas["coordinator"], send_at=timezone.now() + timedelta(days=1)
    )
    guide = client_for("guide_bracke")
    assert guide.get(f"/mailings/{mailing.pk}/edit/").status_code == 403
    assert guide.post(f"/mailings/{mailing.pk}/edit/", {"name": "Ändrat"}).status_code == 403
    assert guide.post(f"/mailings/{mailing.pk}/unschedule/").status_code == 403
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED and mailing.name == "Novembernytt"
    assert client_for("coordinator").post(f"/mailings/{mailing.pk}/unschedule/").status_code == 302


def test_a_guide_changes_their_own_scheduled_mailing(make_mailing, personas, client_for, people, segment):
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, segment=segment)
    services.schedule_mailing(
        mailing=mailing, acting_user=personas["guide_bracke"], send_at=timezone.now() + timedelta(days=1)
    )
    assert client_for("guide_bracke").get(f"/mailings/{mailing.pk}/edit/").status_code == 200
    assert client_for("guide_are").get(f"/mailings/{mailing.pk}/edit/").status_code == 403
    assert client_for("guide_bracke").post(f"/mailings/{mailing.pk}/unschedule/").status_code == 302
