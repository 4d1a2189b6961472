"""Every mail on the card: replies read from a real IMAP server (dovecot on loopback) land on the
right card, once. Rule 3 of the service level appendix: "all dialog ska dokumenteras på kortet"."""

from __future__ import annotations

import os
import shutil
from email.header import Header

import pytest
from django.core import mail as django_mail
from imap_tools import MailBoxUnencrypted

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Activity
from inflytt.contacts.tests.factories import contact
from inflytt.guidance import inbound, mailbox, services
from inflytt.guidance.mailbox import poll_inbound_mail
from inflytt.guidance.models import InboundAttachment, InboundMail, ReplyAddress, SentMessage
from inflytt.guidance.tests.imap_server import DOVECOT, dovecot
from inflytt.mailings.models import BouncingAddress

REPLY = "svar@ta-steget.example"
CAPTURE = "kopia@ta-steget.example"

pytestmark = pytest.mark.skipif(
    not shutil.which("dovecot") and not os.path.exists(DOVECOT) and os.environ.get("INFLYTT_REQUIRE_IMAP") != "1",
    reason="dovecot-imapd is not installed (.ci/run installs it)",
)


@pytest.fixture
def imap(settings):
    """The programme's mailbox: a throw-away dovecot; yields a logged-in client for the test's side."""
    with dovecot() as server:
        settings.INFLYTT_IMAP_HOST = server.host
        settings.INFLYTT_IMAP_PORT = server.port
        settings.INFLYTT_IMAP_SSL = False
        settings.INFLYTT_IMAP_USER = server.user
        settings.INFLYTT_IMAP_PASSWORD = server.password
        settings.INFLYTT_IMAP_FOLDER = "INBOX"
        settings.INFLYTT_IMAP_PROCESSED_FOLDER = "Inflytt"
        settings.INFLYTT_REPLY_ADDRESS = REPLY
        settings.INFLYTT_CAPTURE_ADDRESS = CAPTURE
        with MailBoxUnencrypted(server.host, port=server.port).login(server.user, server.password) as box:
            yield box


def deliver(box, raw: str) -> None:
    """A message arrives in the inbox (IMAP APPEND of the raw message)."""
    box.append(raw.replace("\n", "\r\n").encode(), "INBOX")


def poll(capture) -> dict[str, int]:
    with capture(execute=True):
        return mailbox.poll()


def in_folder(box, folder: str) -> int:
    box.folder.set(folder)
    count = len(list(box.fetch(mark_seen=False, headers_only=True)))
    box.folder.set("INBOX")
    return count


@pytest.fixture
def card(personas):
    for _ in range(3):
        contact()  # ids of cards, activities and mails differ
    person = contact(first_name="Åsa", email="asa.oberg@example.se")
    services.assign_contact(contact=person, guide=personas["guide_bracke"], acting_user=personas["guide_bracke"])
    return person


def token_of(person) -> str:
    return ReplyAddress.objects.get_or_create(contact=person, defaults={"token": inbound.new_reply_token()})[0].token


def plain(person, *, message_id: str = "<plain-1@mail.example>", extra: str = "") -> str:
    return f"""From: Asa Oberg <asa.oberg@example.se>
To: svar+{token_of(person)}@ta-steget.example
Subject: Re: Välkommen
Date: Mon, 23 Nov 2026 10:00:00 +0100
Message-ID: {message_id}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
{extra}
Hej! Vi vill gärna veta mer om förskolor i Bräcke.
"""


@pytest.mark.django_db
def test_a_reply_lands_on_its_card_the_guide_is_told_and_it_moves(
    imap, card, personas, django_capture_on_commit_callbacks
):
    deliver(imap, plain(card))
    assert poll(django_capture_on_commit_callbacks) == {"reply": 1}
    activity = Activity.objects.get(contact=card, kind=Activity.Kind.EMAIL_IN)
    assert activity.subject == "Re: Välkommen"
    assert "förskolor i Bräcke" in activity.body
    assert activity.author is None
    assert InboundMail.objects.get(activity=activity).matched_by == "token"
    # The guide handling the card is told, with a link and not the mail itself.
    [notice] = django_mail.outbox
    assert notice.to == [personas["guide_bracke"].email]
    assert f"/contacts/{card.pk}/" in notice.body and "förskolor" not in notice.body
    assert in_folder(imap, "INBOX") == 0 and in_folder(imap, "Inflytt") == 1


@pytest.mark.django_db
def test_an_incoming_reply_is_not_the_first_response(imap, card, django_capture_on_commit_callbacks):
    """The appendix counts the guide's first contact with the person; a mail from the person is
    not one, so the clock keeps running and the card stays "new"."""
    deliver(imap, plain(card))
    poll(django_capture_on_commit_callbacks)
    card.refresh_from_db()
    assert card.first_response_at is None
    assert card.status == "new"


@pytest.mark.django_db
def test_killed_between_commit_and_move_the_next_poll_only_moves_it(
    imap, card, monkeypatch, django_capture_on_commit_callbacks
):
    deliver(imap, plain(card))

    def crash(mailbox, uid):  # the process dies after the commit, before the move
        raise ConnectionResetError("killed")

    monkeypatch.setattr(mailbox, "move_processed", crash)
    with pytest.raises(ConnectionResetError):
        poll(django_capture_on_commit_callbacks)
    assert Activity.objects.filter(contact=card, kind=Activity.Kind.EMAIL_IN).count() == 1
    assert in_folder(imap, "INBOX") == 1, "still in the inbox"
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        poll_inbound_mail.call_local()  # the periodic task, as the worker runs it
    assert Activity.objects.filter(contact=card, kind=Activity.Kind.EMAIL_IN).count() == 1
    assert len(django_mail.outbox) == 1, "the guide was told once"
    assert in_folder(imap, "INBOX") == 0 and in_folder(imap, "Inflytt") == 1


@pytest.mark.django_db
def test_html_only_mail_is_cleaned_and_matched_by_sender(imap, card, django_capture_on_commit_callbacks):
    deliver(
        imap,
        """From: asa.oberg@example.se
To: info@ta-steget.example
Subject: Fråga
Message-ID: <html-1@mail.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Hej <b>guide</b>!</p><script>alert(1)</script><p onclick="x()">Hur &auml;r skolorna?</p>
""",
    )
    poll(django_capture_on_commit_callbacks)
    stored = InboundMail.objects.get(contact=card)
    assert stored.matched_by == "sender"
    assert "<script" not in stored.html and "onclick" not in stored.html and "<b>guide</b>" in stored.html
    assert "Hej guide!" in stored.activity.body and "Hur är skolorna?" in stored.activity.body
    assert "alert" not in stored.activity.body


@pytest.mark.django_db
def test_attachments_are_kept_up_to_the_limit_and_go_with_the_card(
    imap, card, settings, django_capture_on_commit_callbacks
):
    settings.INFLYTT_INBOUND_ATTACHMENT_MAX_MB = 1
    small = "JVBERi0xLjQK" * 10
    large = "A" * (1024 * 1024 * 2)
    deliver(
        imap,
        f"""From: asa.oberg@example.se
To: svar+{token_of(card)}@ta-steget.example
Subject: Mitt CV
Message-ID: <attach-1@mail.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XYZ"

--XYZ
Content-Type: text/plain; charset=utf-8

Här är mitt CV.
--XYZ
Content-Type: application/pdf; name="cv.pdf"
Content-Disposition: attachment; filename="cv.pdf"
Content-Transfer-Encoding: base64

{small}
--XYZ
Content-Type: application/octet-stream; name="film.mov"
Content-Disposition: attachment; filename="film.mov"
Content-Transfer-Encoding: base64

{large}
--XYZ--
""",
    )
    poll(django_capture_on_commit_callbacks)
    [kept] = InboundAttachment.objects.filter(mail__contact=card)
    assert kept.filename == "cv.pdf" and bytes(kept.data).startswith(b"%PDF-1.4")
    activity = Activity.objects.get(contact=card, kind=Activity.Kind.EMAIL_IN)
    assert "film.mov" in activity.body, "the card says what was not kept"
    card.delete()
    assert not InboundAttachment.objects.exists() and not InboundMail.objects.exists()


@pytest.mark.django_db
def test_a_reply_without_the_cards_address_finds_it_by_the_thread(
    imap, card, personas, settings, django_capture_on_commit_callbacks
):
    """A forward or a mail program that ignores Reply-To: In-Reply-To names the mail sent from the card."""
    settings.INFLYTT_REPLY_ADDRESS = ""
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_contact_email(
            contact=card, subject="Välkommen", body="Hej Åsa!", acting_user=personas["guide_bracke"]
        )
    message_id = SentMessage.objects.get(activity=sent).message_id
    assert django_mail.outbox[0].extra_headers["Message-ID"] == message_id
    settings.INFLYTT_REPLY_ADDRESS = REPLY
    deliver(
        imap,
        f"""From: Asa privat <asa.privat@example.org>
To: guide@bracke.example
Subject: SV: Välkommen
Message-ID: <reply-2@mail.example>
In-Reply-To: {message_id}
References: {message_id}
Content-Type: text/plain; charset=utf-8

Tack, det låter bra. Vi hörs på måndag.

Den 23 nov. 2026 kl. 10:00 skrev Guide <guide@bracke.example>:
> Hej Åsa!
> Välkommen till Ta steget.
""",
    )
    poll(django_capture_on_commit_callbacks)
    stored = InboundMail.objects.get(key__isnull=False, kind="reply")
    assert stored.contact == card and stored.matched_by == "thread"
    assert stored.activity.body == "Tack, det låter bra. Vi hörs på måndag.", "the quoted history is cut"
    assert "Välkommen till Ta steget" in stored.text, "kept whole beside the card's text"


@pytest.mark.django_db
def test_swedish_characters_in_headers(imap, card, django_capture_on_commit_callbacks):
    subject = Header("Återflytt till Östersund – frågor", "utf-8").encode()
    sender = Header("Åsa Öberg", "utf-8").encode()
    deliver(
        imap,
        f"""From: {sender} <asa.oberg@example.se>
To: svar+{token_of(card)}@ta-steget.example
Subject: {subject}
Message-ID: <swe-1@mail.example>
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Vi =E4r fyra i familjen.
""",
    )
    poll(django_capture_on_commit_callbacks)
    activity = Activity.objects.get(contact=card, kind=Activity.Kind.EMAIL_IN)
    assert activity.subject == "Återflytt till Östersund – frågor"
    assert activity.body == "Vi är fyra i familjen."


@pytest.mark.django_db
def test_an_auto_reply_lands_without_a_notice(imap, card, django_capture_on_commit_callbacks):
    deliver(
        imap,
        plain(card, message_id="<ooo-1@mail.example>", extra="Auto-Submitted: auto-replied\n").replace(
            "Re: Välkommen", "Frånvaro: Re: Välkommen"
        ),
    )
    assert poll(django_capture_on_commit_callbacks) == {"auto_reply": 1}
    assert InboundMail.objects.get().kind == InboundMail.Kind.AUTO_REPLY
    assert Activity.objects.filter(contact=card, kind=Activity.Kind.EMAIL_IN).count() == 1
    assert django_mail.outbox == [], "an out-of-office is no news for the guide"


@pytest.mark.django_db
def test_out_of_office_by_subject_and_precedence_is_recognised(card):
    for number, header in enumerate(("Precedence: auto_reply\n", "X-Autoreply: yes\n", "")):
        raw = plain(card, message_id=f"<ooo-{number}@x>", extra=header)
        if not header:
            raw = raw.replace("Re: Välkommen", "Out of Office: Re: Välkommen")
        parsed = inbound.parse(inbound.MailMessage.from_bytes(raw.encode()))
        assert parsed.auto_reply, header


@pytest.mark.django_db
def test_a_bounce_marks_the_address_and_is_no_dialogue(imap, card, django_capture_on_commit_callbacks):
    deliver(
        imap,
        """From: Mail Delivery System <MAILER-DAEMON@mx.ta-steget.example>
To: svar@ta-steget.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce-1@mx.ta-steget.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.ta-steget.example

Final-Recipient: rfc822; asa.oberg@example.se
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown
--B
Content-Type: text/rfc822-headers

From: svar@ta-steget.example
To: asa.oberg@example.se
Subject: Välkommen
--B--
""",
    )
    assert poll(django_capture_on_commit_callbacks) == {"bounce": 1}
    assert not Activity.objects.filter(contact=card, kind=Activity.Kind.EMAIL_IN).exists()
    assert BouncingAddress.objects.get(contact=card).code == "5.1.1"
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_a_guides_bcc_copy_lands_on_the_recipients_card_as_sent(
    imap, card, personas, django_capture_on_commit_callbacks
):
    guide = personas["guide_are"]
    deliver(
        imap,
        f"""From: {guide.get_full_name()} <{guide.email.upper()}>
To: Åsa <asa.oberg@example.se>
Delivered-To: {CAPTURE}
Subject: Lediga lägenheter i Åre
Message-ID: <bcc-1@guide.example>
Content-Type: text/plain; charset=utf-8

Hej Åsa, här är listan.
""",
    )
    assert poll(django_capture_on_commit_callbacks) == {"capture": 1}
    activity = Activity.objects.get(contact=card, kind=Activity.Kind.EMAIL_OUT)
    assert activity.author == guide and activity.body == "Hej Åsa, här är listan."
    card.refresh_from_db()
    assert card.first_response_at is not None, "the guide's own mail is contact with the person"
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_the_card_shows_the_capture_address(client_for, card, settings):
    settings.INFLYTT_CAPTURE_ADDRESS = CAPTURE
    page = client_for("guide_bracke").get(f"/contacts/{card.pk}/").content.decode()
    assert f'value="{CAPTURE}"' in page


@pytest.mark.django_db
def test_unmatched_mail_waits_for_a_guide_who_places_or_discards_it(
    imap, card, client_for, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for number in (1, 2):
        deliver(
            imap,
            f"""From: okand{number}@example.net
To: svar@ta-steget.example
Subject: Fråga {number}
Message-ID: <unknown-{number}@example.net>
Content-Type: text/plain; charset=utf-8

Jag heter Åsa och har bytt adress.
""",
        )
    assert poll(django_capture_on_commit_callbacks) == {"review": 2}
    guide = client_for("guide_bracke")
    with django_assert_max_num_queries(12):
        page = guide.get("/guidance/inbound/").content.decode()
    assert "Fråga 1" in page and "Fråga 2" in page
    first, second = InboundMail.objects.order_by("id")
    answer = guide.post(f"/guidance/inbound/{first.pk}/", {"card": "nobody@example.se"})
    assert answer.status_code == 400
    answer = guide.post(f"/guidance/inbound/{first.pk}/", {"card": "asa.oberg@example.se"})
    assert answer.status_code == 302
    activity = Activity.objects.get(contact=card, kind=Activity.Kind.EMAIL_IN)
    assert activity.body == "Jag heter Åsa och har bytt adress."
    assert guide.post(f"/guidance/inbound/{second.pk}/discard/").status_code == 302
    second.refresh_from_db()
    assert second.state == "discarded" and second.text == "" and second.email_normalised == ""
    assert guide.post(f"/guidance/inbound/{second.pk}/discard/").status_code == 404
    assert "Fråga" not in guide.get("/guidance/inbound/").content.decode()


@pytest.mark.django_db
def test_the_periodic_task_is_off_without_a_host(settings):
    settings.INFLYTT_IMAP_HOST = ""
    settings.INFLYTT_IMAP_PORT = 1  # nothing listens: a connection attempt would raise
    poll_inbound_mail.call_local()


@pytest.mark.django_db
def test_a_forged_guide_address_is_not_captured_as_sent(imap, card, personas, django_capture_on_commit_callbacks):
    guide = personas["guide_are"]
    deliver(
        imap,
        f"""From: {guide.email}
To: asa.oberg@example.se
Authentication-Results: mx.ta-steget.example; spf=fail smtp.mailfrom=evil.example; dmarc=fail
Subject: Falskt
Message-ID: <forged-1@evil.example>
Content-Type: text/plain; charset=utf-8

Klicka här.
""",
    )
    assert poll(django_capture_on_commit_callbacks) == {"review": 1}
    assert not Activity.objects.filter(contact=card, kind=Activity.Kind.EMAIL_OUT).exists()


@pytest.mark.django_db
def test_an_attachment_downloads_as_a_file_and_the_view_is_audited(
    imap, card, client_for, django_capture_on_commit_callbacks
):
    deliver(
        imap,
        f"""From: asa.oberg@example.se
To: svar+{token_of(card)}@ta-steget.example
Subject: Sida
Message-ID: <attach-2@mail.example>
Content-Type: multipart/mixed; boundary="B"

--B
Content-Type: text/plain; charset=utf-8

Se bilagan.
--B
Content-Type: text/html; name="sida.html"
Content-Disposition: attachment; filename="sida.html"

<script>alert(1)</script>
--B--
""",
    )
    poll(django_capture_on_commit_callbacks)
    attachment = InboundAttachment.objects.get()
    guide = client_for("guide_are")
    activity = Activity.objects.get(contact=card, kind=Activity.Kind.EMAIL_IN)
    assert f"/guidance/mail/{activity.pk}/" in guide.get(f"/contacts/{card.pk}/").content.decode()
    mail_page = guide.get(f"/guidance/mail/{activity.pk}/").content.decode()
    assert f"/guidance/attachments/{attachment.pk}/" in mail_page and "Se bilagan." in mail_page
    response = guide.get(f"/guidance/attachments/{attachment.pk}/")
    assert response.status_code == 200
    # Never shown in the browser as a page of Inflytt's own origin.
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;") and "sida.html" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="view", contact_id=card.pk, object_id=str(attachment.pk)).exists()
