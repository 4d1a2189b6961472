"""A mailing as mail: Markdown made safe HTML (nh3), a plain-text part, merge fields, the
personal links and the RFC 8058 headers.

A merge value is text, never markup: a first name such as `[x](javascript:alert(1))` or
`<img src=x>` stays the characters it is and never becomes a link, an image or emphasis.

Each language version is rendered once per mailing (templates, Markdown, cleaning), with each
merge field as an inert mark of letters, so the Markdown and the cleaning decide the markup
before any value is known. A recipient's values then take the marks' places, HTML-escaped and
on one line: the same HTML as rendering the value escaped for HTML and Markdown (every
punctuation mark a character reference) in its place, which test_merge_fields holds, at the
cost of a string replace instead of a Markdown run per recipient (about 30 times faster). A
merge field inside a tag (a link's address, an image's source) is refused when a mailing is
saved or sent (check_merge_fields); in a body saved before that check it is left empty."""

from __future__ import annotations

import binascii
import functools
import re
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import formatdate, make_msgid
from html import escape

import markdown
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from inflytt.contacts.models import NewsletterSubscription
from inflytt.contacts.selfservice import selfservice_link
from inflytt.lib.html import clean_html
from inflytt.lib.text import MERGE_FIELD, fill
from inflytt.mailings import links
from inflytt.mailings.calendar import CONTENT_TYPE as CALENDAR_TYPE
from inflytt.mailings.calendar import event_calendar, event_filename
from inflytt.mailings.models import Mailing
from inflytt.mailings.tokens import rsvp_token, unsubscribe_token
from inflytt.parties import branding

MERGE_FIELDS = ("first_name", "municipality")
# Mailings about an event that carry it as an .ics file (issue 14).
CALENDAR_KINDS = (Mailing.Kind.INVITATION, Mailing.Kind.REMINDER)
# Filled in by the system, never written by staff: the personal links.
LINK_FIELDS = ("unsubscribe_url", "rsvp_url", "selfservice_url")
UNKNOWN_MERGE_FIELD = _("Unknown merge field %(fields)s. You can use {first_name} and {municipality}.")
MERGE_FIELD_IN_MARKUP = _("A merge field can only stand in the text, not in a link address or an image: %(fields)s.")

# Where each recipient's body goes in the rendered template (a comment: escaped values and staff
# text can never hold it, and the fill of the template's own places leaves it alone).
BODY_SLOT = "<!--inflytt:body-->"
# A merge field while the body is rendered once per version: letters only, so Markdown and nh3
# leave it as it is; its place in the result shows whether the field stands in text.
MARKS = {name: f"inflyttmerge{index}x" for index, name in enumerate(MERGE_FIELDS)}


def unknown_merge_fields(text: str) -> list[str]:
    return sorted({name for name in MERGE_FIELD.findall(text) if name not in MERGE_FIELDS})


TAG = re.compile(r"<[^>]*>")


def _in_tags(html: str) -> list[str]:
    """The merge fields whose marks stand inside a tag of `html` (an attribute), not in text."""
    in_tags = "".join(TAG.findall(html))
    return [name for name, mark in MARKS.items() if mark in in_tags]


def _text_marks_only(html: str) -> str:
    """`html` with every mark inside a tag removed: a value only ever fills text."""

    def clear(tag: re.Match[str]) -> str:
        text = tag.group(0)
        for mark in MARKS.values():
            text = text.replace(mark, "")
        return text

    return TAG.sub(clear, html)


def merge_fields_in_markup(body: str) -> list[str]:
    """The merge fields that the Markdown puts inside a tag (a link's address, an image's source
    or text): a person's first name must never become where a link goes."""
    return _in_tags(markdown_to_html(fill(body, MARKS)))


def check_merge_fields(text: str, field: str) -> None:
    """Raise a ValidationError on `field` naming every unknown merge field in `text`, and, in a
    body, every merge field placed inside a link or an image."""
    unknown = unknown_merge_fields(text)
    if unknown:
        names = ", ".join("{" + name + "}" for name in unknown)
        raise ValidationError({field: UNKNOWN_MERGE_FIELD % {"fields": names}})
    if field.startswith("body") and (in_markup := merge_fields_in_markup(text)):
        names = ", ".join("{" + name + "}" for name in in_markup)
        raise ValidationError({field: MERGE_FIELD_IN_MARKUP % {"fields": names}})


def one_line(value: str) -> str:
    """A merge value on one line: no line break from a name can start a paragraph, a list or a
    header of its own."""
    return " ".join(value.split())


def markdown_to_html(body: str) -> str:
    """Markdown to HTML with nothing executable left: no script, no event handlers, no
    javascript: links (nh3 keeps only what lib.html allows)."""
    # nl2br: a single line break stays a line break (an address, a signature), as people expect.
    html = markdown.markdown(body, extensions=["extra", "sane_lists", "nl2br"], output_format="html")
    return clean_html(html)


@dataclass(frozen=True)
class Version:
    subject: str
    text: str
    html: str
    language: str
    # The body rendered and cleaned with the merge fields as MARKS, each standing in text.
    body_html: str = ""
    # The event as an .ics file in this language (invitations and reminders), with its file name.
    calendar: bytes = b""
    calendar_name: str = ""


def render_version(mailing: Mailing, language: str) -> Version:
    """One language version with its merge fields and links still as {places}."""
    subject, body = mailing.version(language)
    # The calendar file is in the reader's language even when the mail falls back to Swedish.
    reader = "en" if language == "en" else "sv"
    language = "en" if language == "en" and mailing.subject_en.strip() else "sv"
    # Braces written by staff that are not merge fields were refused when the mailing was
    # saved; the templates' own places are the link fields.
    context = {
        "mailing": mailing,
        "event": mailing.event,
        "body_html": BODY_SLOT,
        "body_text": body,
        "unsubscribe": mailing.purpose == Mailing.Purpose.NEWSLETTER,
        "rsvp": mailing.event_id is not None and mailing.kind == Mailing.Kind.INVITATION,
        "site_name": branding.programme_name(),
    }
    with translation.override(language):
        html = render_to_string("mailings/emails/mailing.html", {**context, "language": language})
        text = render_to_string("mailings/emails/mailing.txt", {**context, "language": language})
    # The text part is plain text, not safe HTML: a page that shows it (the preview) escapes it.
    body_html = _text_marks_only(markdown_to_html(fill(body, MARKS)))
    calendar, calendar_name = b"", ""
    if mailing.event is not None and mailing.kind in CALENDAR_KINDS:
        calendar, calendar_name = event_calendar(mailing.event, language=reader), event_filename(mailing.event)
    return Version(
        subject=subject,
        # A plain str, not the SafeString render_to_string gives: a page showing it escapes it.
        text="".join([text]),
        html=html,
        language=language,
        body_html=body_html,
        calendar=calendar,
        calendar_name=calendar_name,
    )


def fill_body(version: Version, values: dict[str, str]) -> str:
    """The recipient's body as clean HTML, each merge value as text (see the module's note)."""
    html = version.body_html
    for name, mark in MARKS.items():
        if mark in html:
            html = html.replace(mark, escape(one_line(values.get(name, "")), quote=False))
    return html


def _quoted_printable(text: str) -> bytes:
    """UTF-8, quoted-printable, CRLF lines (C-speed binascii, not the email package)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return binascii.b2a_qp(lines.encode("utf-8"), istext=True).replace(b"\n", b"\r\n")


def _header(value: str) -> str:
    """One header line: plain when it is short ASCII, else RFC 2047 encoded words."""
    value = " ".join(value.split())  # no line breaks from a name can reach a header
    if value.isascii() and len(value) < 900:
        return value
    return Header(value, "utf-8").encode(linesep="\r\n")


PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}")


@functools.lru_cache(maxsize=64)
def _sanitized(address: str, encoding: str) -> str:
    return sanitize_address(address, encoding)


def _address(address: str, encoding: str) -> str:
    """A plain ASCII address as it is (parsing it costs more than the rest of the mail); anything
    else (a display name, an international address) through Django's sanitize_address."""
    if PLAIN_ADDRESS.fullmatch(address):
        return address
    return _sanitized(address, encoding)


class _Composed:
    """What EmailMessage.message() gives the mail backends, for a mail whose bytes are ready."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    def get_charset(self) -> None:
        return None


def _base64(data: bytes) -> bytes:
    """Base64 in lines of 76 characters, CRLF-terminated (RFC 2045)."""
    encoded = binascii.b2a_base64(data, newline=False)
    return b"".join(encoded[start : start + 76] + b"\r\n" for start in range(0, len(encoded), 76))


class MailingMessage(EmailMultiAlternatives):
    """A mailing's mail: the same multipart/alternative (text + HTML, UTF-8, quoted-printable)
    that Django's EmailMultiAlternatives makes, written directly. Python's email package takes
    a few milliseconds per mail, which at 100 000 recipients is most of the sending time.

    With `calendar` (an event's .ics file) the alternative goes inside a multipart/mixed with
    the file as a text/calendar attachment, base64-encoded: the file's UTF-8 text (å, ä, ö in a
    title or a place) reaches the calendar byte for byte, and its ASCII name needs no encoding."""

    calendar: tuple[str, bytes] | None = None

    def message(self):  # type: ignore[override]
        boundary = "=_inflytt_" + secrets.token_hex(12)
        encoding = self.encoding or settings.DEFAULT_CHARSET
        content_type = f'multipart/alternative; boundary="{boundary}"'
        mixed = "=_inflytt_mixed_" + secrets.token_hex(12) if self.calendar else ""
        headers = {
            "Subject": _header(str(self.subject)),
            "From": _address(self.from_email, encoding),
            "To": ", ".join(_address(address, encoding) for address in self.to),
            "Date": formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
            "Message-ID": make_msgid(domain=DNS_NAME),
            "MIME-Version": "1.0",
            "Content-Type": f'multipart/mixed; boundary="{mixed}"' if mixed else content_type,
            **{name: _header(value) for name, value in self.extra_headers.items()},
        }
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items()).encode("ascii")
        parts = [(self.body, "text/plain")] + [(content, mimetype) for content, mimetype in self.alternatives]
        body = (
            b"".join(
                f'--{boundary}\r\nContent-Type: {mimetype}; charset="utf-8"\r\n'.encode()
                + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + _quoted_printable(str(content))
                + b"\r\n"
                for content, mimetype in parts
            )
            + f"--{boundary}--\r\n".encode()
        )
        if self.calendar:
            name, data = self.calendar
            body = (
                f"--{mixed}\r\nContent-Type: {content_type}\r\n\r\n".encode()
                + body
                + f'--{mixed}\r\nContent-Type: {CALENDAR_TYPE}; charset="utf-8"; method=PUBLISH\r\n'.encode()
                + b"Content-Transfer-Encoding: base64\r\n"
                + f'Content-Disposition: attachment; filename="{name}"\r\n\r\n'.encode("ascii")
                + _base64(data)
                + f"--{mixed}--\r\n".encode()
            )
        return _Composed(head + b"\r\n" + body)


class Renderer:
    """Composes a mailing's messages, rendering each language version once."""

    def __init__(self, mailing: Mailing) -> None:
        self.mailing = mailing
        self.versions: dict[str, Version] = {}
        self.base_url = settings.INFLYTT_BASE_URL.rstrip("/")
        self.mailto = links.unsubscribe_mailto()
        self.domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">") or "localhost"

    def version(self, language: str) -> Version:
        if language not in self.versions:
            self.versions[language] = render_version(self.mailing, language)
        return self.versions[language]

    def links(self, contact_id: int, language: str, subscription: NewsletterSubscription | None) -> dict[str, str]:
        links: dict[str, str] = {}
        mailing = self.mailing
        if mailing.purpose == Mailing.Purpose.NEWSLETTER and subscription is not None:
            token = unsubscribe_token(
                contact_id=contact_id,
                subscription_id=subscription.pk,
                subscribed_at=subscription.created_at,
                purpose=mailing.purpose,
                mailing_id=mailing.pk,
            )
            links["unsubscribe_url"] = (
                f"{self.base_url}{reverse('mailings:unsubscribe', kwargs={'token': token})}?lang={language}"
            )
        if mailing.event_id and mailing.kind == Mailing.Kind.INVITATION:
            token = rsvp_token(event_id=mailing.event_id, contact_id=contact_id)
            links["rsvp_url"] = f"{self.base_url}{reverse('mailings:rsvp', kwargs={'token': token})}?lang={language}"
        return links

    def message(
        self,
        *,
        to: str,
        language: str,
        first_name: str,
        municipality: str,
        contact_id: int | None,
        subscription: NewsletterSubscription | None = None,
        subject_prefix: str = "",
    ) -> EmailMultiAlternatives:
        """The mail to one recipient; `subscription` is the newsletter subscription the
        unsubscribe link is bound to (a newsletter only)."""
        version = self.version(language)
        links = self.links(contact_id, version.language, subscription) if contact_id is not None else {}
        # Every mail to a person carries their own "Mina uppgifter" link (issue 10); a test mail has none.
        links["selfservice_url"] = (
            selfservice_link(contact_id=contact_id, email=to, language=version.language) if contact_id else ""
        )
        values = {"first_name": one_line(first_name), "municipality": one_line(municipality)}
        html_values = {name: escape(value) for name, value in {**values, **links}.items()}
        body_html = fill_body(version, values)
        # A subject is one header line: no line breaks from a name reach it.
        subject = subject_prefix + " ".join(fill(version.subject, values).split())
        headers = {}
        if contact_id is not None:
            # The same id on a re-send, so a receiving server (and a person reading logs) can
            # see that it is one mail, not two.
            headers["Message-ID"] = f"<mailing.{self.mailing.pk}.{contact_id}@{self.domain}>"
        if "unsubscribe_url" in links:
            # RFC 2369 and RFC 8058: the mail client's own unsubscribe button, one click, a POST.
            headers["List-Unsubscribe"] = f"<{links['unsubscribe_url']}>, <mailto:{self.mailto}?subject=unsubscribe>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = MailingMessage(
            subject=subject,
            body=fill(version.text, {**values, **links}),
            from_email=branding.sender(),
            to=[to],
            headers=headers,
        )
        # The template's own places first, then the body: a value in the body is never filled again.
        message.attach_alternative(fill(version.html, html_values).replace(BODY_SLOT, body_html, 1), "text/html")
        if version.calendar:
            message.calendar = (version.calendar_name, version.calendar)
        return message
