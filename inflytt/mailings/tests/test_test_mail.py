""" "Send a test to me" in the mailing editor (issue 14, "test mail to oneself"): the mailing in
each language it is written in, to the staff member's own address, through the task queue, with
their own first name in the merge fields; audited, rate-limited, never counted as a delivery and
never changing the mailing's status. Real SMTP on loopback."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest

from inflytt.audit.models import AuditEvent
from inflytt.mailings import services
from inflytt.mailings.models import Delivery, Mailing
from inflytt.mailings.tests.conftest import parts, subscriber

pytestmark = pytest.mark.django_db


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_the_button_sends_each_language_to_me_and_nothing_else_changes(
    client_for, personas, smtp_server, make_mailing, django_capture_on_commit_callbacks
):
    subscriber(email="anna@example.se", municipalities=("bracke",))
    mailing = make_mailing()
    client = client_for("guide_bracke")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mailings/{mailing.pk}/test/")
    assert response.status_code == 302  # without JavaScript: back to the mailing with a message

    by_subject = {_subject(message): message for message in smtp_server.messages}
    assert set(by_subject) == {"[TEST] Hej Guide Bracke!", "[TEST] Hello Guide Bracke!"}
    assert {message["To"] for message in smtp_server.messages} == {"guide_bracke@example.se"}
    # {municipality} is filled from the user's party, as a sample of what a recipient sees.
    assert "<strong>Bräcke kommun</strong>" in parts(by_subject["[TEST] Hej Guide Bracke!"])["text/html"]
    assert "Welcome to" in parts(by_subject["[TEST] Hello Guide Bracke!"])["text/plain"]
    assert not Delivery.objects.exists()
    mailing.refresh_from_db()
    assert (mailing.status, mailing.recipients) == (Mailing.Status.DRAFT, None)
    audit = AuditEvent.objects.get(object_id=str(mailing.pk), detail__test_mail__isnull=False)
    assert audit.actor_id == personas["guide_bracke"].pk and audit.detail == {"test_mail": ["sv", "en"]}
    page = client.get(f"/mailings/{mailing.pk}/").content.decode()
    assert "guide_bracke@example.se" in page


def test_a_mailing_only_in_swedish_sends_one_test(
    client_for, smtp_server, make_mailing, django_capture_on_commit_callbacks
):
    mailing = make_mailing(subject_en="", body_en="")
    with django_capture_on_commit_callbacks(execute=True):
        client_for("coordinator").post(f"/mailings/{mailing.pk}/test/")
    assert [_subject(message) for message in smtp_server.messages] == ["[TEST] Hej Coordinator!"]


def test_with_htmx_the_answer_is_the_status_line_only(
    client_for, smtp_server, make_mailing, django_capture_on_commit_callbacks
):
    mailing = make_mailing()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(f"/mailings/{mailing.pk}/test/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="test-status"') and "<html" not in html
    assert "coordinator@example.se" in html
    assert len(smtp_server.messages) == 2


def test_tests_are_rate_limited_per_user(
    client_for, personas, smtp_server, make_mailing, django_capture_on_commit_callbacks
):
    mailing = make_mailing(subject_en="", body_en="")
    client = client_for("guide_bracke")
    for _ in range(services.TEST_MAILS_PER_HOUR):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/mailings/{mailing.pk}/test/", headers={"HX-Request": "true"})
    assert len(smtp_server.messages) == services.TEST_MAILS_PER_HOUR
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(f"/mailings/{mailing.pk}/test/", headers={"HX-Request": "true"})
    assert "message-error" in refused.content.decode()
    assert len(smtp_server.messages) == services.TEST_MAILS_PER_HOUR
    # Another user has their own allowance.
    with django_capture_on_commit_callbacks(execute=True):
        client_for("guide_are").post(f"/mailings/{mailing.pk}/test/")
    assert len(smtp_server.messages) == services.TEST_MAILS_PER_HOUR + 1


def test_an_invalid_mailing_sends_no_test_and_says_why(client_for, smtp_server, make_mailing):
    mailing = make_mailing(subject_sv="", subject_en="")
    response = client_for("coordinator").post(f"/mailings/{mailing.pk}/test/", follow=True)
    assert str(services.NO_SUBJECT) in response.content.decode()
    assert smtp_server.messages == []


def test_when_the_cache_is_away_no_test_is_sent_and_the_page_says_so(
    client_for, smtp_server, make_mailing, cache_away, django_capture_on_commit_callbacks
):
    """The hourly limit cannot be counted without the cache: fail closed (docs/decisions/0014)."""
    mailing = make_mailing()
    client = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mailings/{mailing.pk}/test/", follow=True)
    assert response.status_code == 200
    assert str(services.TESTS_UNAVAILABLE) in response.content.decode()
    assert smtp_server.messages == []
    assert not AuditEvent.objects.filter(object_id=str(mailing.pk), detail__test_mail__isnull=False).exists()
