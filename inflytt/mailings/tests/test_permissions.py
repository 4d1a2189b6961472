"""The mailing pages that need a row to answer, for every role (docs/security.md, Access): guides
and coordinators only; anonymous visitors are sent to the login page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inflytt.mailings.models import Event, Mailing, Segment

PEOPLE = {"guide_bracke": 200, "guide_are": 200, "coordinator": 200, "steering": 403, "ambassador_admin": 403}
# An empty post: the people roles are sent back to the page with a message.
POSTED = {**PEOPLE, "guide_bracke": 302, "guide_are": 302, "coordinator": 302}
# The mailing here is a newsletter: only a coordinator sends it (the 2025 agreement, Bilaga 1: the
# region's "produktion av nyhetsbrev"); a guide's post is refused.
NEWSLETTER_SEND = {**POSTED, "guide_bracke": 403, "guide_are": 403}

PAGES = [
    ("/mailings/{mailing}/", "get", PEOPLE),
    ("/mailings/{mailing}/edit/", "get", PEOPLE),
    ("/mailings/{mailing}/preview/", "get", PEOPLE),
    ("/mailings/{mailing}/test/", "post", POSTED),
    ("/mailings/{mailing}/send/", "post", NEWSLETTER_SEND),
    ("/mailings/{mailing}/unschedule/", "post", POSTED),
    ("/mailings/segments/{segment}/", "get", PEOPLE),
    ("/mailings/segments/{segment}/edit/", "get", PEOPLE),
    ("/mailings/events/{event}/", "get", PEOPLE),
    ("/mailings/events/{event}/edit/", "get", PEOPLE),
    ("/mailings/events/{event}/attendance/", "post", POSTED),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", *PEOPLE])
@pytest.mark.parametrize(("template", "method", "expected"), PAGES)
def test_role_gets_the_expected_answer(client_for, personas, role, template, method, expected):
    segment = Segment.objects.create(name="Alla", conditions={})
    event = Event.objects.create(
        title="Träff", starts_at=timezone.now() + timedelta(days=7), place="Bräcke", capacity=10
    )
    mailing = Mailing.objects.create(name="Nytt", purpose="newsletter", subject_sv="Hej", body_sv="Text")
    path = template.format(mailing=mailing.pk, segment=segment.pk, event=event.pk)
    response = getattr(client_for(role), method)(path)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected[role], (path, role)


@pytest.mark.django_db
def test_a_missing_mailing_answers_404(client_for):
    client = client_for("guide_bracke")
    for path in ("/mailings/999999/", "/mailings/segments/999999/", "/mailings/events/999999/"):
        assert client.get(path).status_code == 404
