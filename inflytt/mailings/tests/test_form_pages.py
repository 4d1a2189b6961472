"""The mailing, segment and event editors share one create/edit path (views._form_page): the
form, saved through services.save_edited (audited, the author set), a message, the object's page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.mailings import services
from inflytt.mailings.models import Event, Mailing, Segment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "data", "model", "message"),
    [
        ("/mailings/segments/new/", {"name": "Barnfamiljer", "has_children": ["yes"]}, Segment, "Målgruppen sparades."),
        (
            "/mailings/events/new/",
            {"title": "Träff i Åre", "starts_at": "2030-05-04T18:00", "place": "Åre bibliotek", "capacity": "40"},
            Event,
            "Evenemanget sparades.",
        ),
        (
            "/mailings/new/",
            {"name": "Majnytt", "purpose": "newsletter", "kind": "standard", "subject_sv": "Hej", "body_sv": "Text"},
            Mailing,
            "Utskicket sparades.",
        ),
    ],
    ids=["segment", "event", "mailing"],
)
def test_a_new_one_is_saved_audited_and_shown_with_a_message(client_for, personas, path, data, model, message):
    response = client_for("coordinator").post(path, data, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    saved = model.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/{saved.pk}/")
    assert message in response.content.decode()
    assert saved.created_by == personas["coordinator"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(saved.pk)).exists()


def test_a_segment_edit_saves_its_conditions(client_for):
    segment = Segment.objects.create(name="Alla", conditions={})
    client_for("coordinator").post(f"/mailings/segments/{segment.pk}/edit/", {"name": "Alla", "languages": ["en"]})
    segment.refresh_from_db()
    assert segment.conditions == {"languages": ["en"]}


def test_an_edit_cannot_undo_a_send_that_began_meanwhile(make_mailing, personas):
    mailing = make_mailing(status=Mailing.Status.SCHEDULED, scheduled_at=timezone.now())
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)  # the worker won the race
    mailing.subject_sv = "Ändrad"
    with pytest.raises(ValidationError):
        services.save_edited(obj=mailing, fields=["subject_sv"], acting_user=personas["coordinator"])
    mailing.refresh_from_db()
    assert (mailing.status, mailing.subject_sv) == (Mailing.Status.SENDING, "Hej {first_name}!")
