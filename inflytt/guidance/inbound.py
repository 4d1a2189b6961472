"""Mail into the card: making sense of a message read from the programme's mailbox (its parts,
whether it is a bounce or an auto-reply, the card's reply address it was sent to). Reading the
mailbox itself is `mailbox.py`.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

import nh3
from django.conf import settings
from django.utils import timezone
from imap_tools import MailMessage

from inflytt.lib.html import clean_html
from inflytt.lib.text import normalise_email

logger = logging.getLogger(__name__)

# Headers that carry the address the mail was delivered to (a BCC copy names it only here).
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
AUTO_SUBJECT = re.compile(
    r"^\s*(out of office|automatic reply|auto(matic)?[- ]?reply|autosvar|automatiskt svar|frånvaro|"
    r"abwesenheit|absence)",
    re.IGNORECASE,
)
DAEMONS = ("mailer-daemon", "postmaster")
# The attribution line above a quoted history: "On Mon, ... wrote:" / "Den 3 mars 2026 skrev ...:".
ATTRIBUTION = re.compile(r"^(on|den|am|le)\b.*\b(wrote|skrev|schrieb|écrit)\b.*:$", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


@dataclass
class Attachment:
    filename: str
    content_type: str
    payload: bytes


@dataclass
class Parsed:
    """What the card needs of one message; no IMAP, no database."""

    key: str
    message_id: str
    sender: str
    subject: str
    text: str
    html: str
    date: datetime
    recipients: list[str]
    references: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    auto_reply: bool = False
    bounce: bool = False
    # The receiving mail server found the sender forged (Authentication-Results: dmarc=fail).
    forged: bool = False
    # For a bounce: the address that failed and the status code (5.x.x: permanent).
    bounced_address: str = ""
    bounce_status: str = ""


def _addresses(message: Message, *names: str) -> list[str]:
    values = [value for name in names for value in (message.get_all(name) or [])]
    return [normalise_email(address) for _name, address in getaddresses([str(v) for v in values]) if "@" in address]


def html_to_text(value: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>|</h\d>", "\n", value)
    text = html_lib.unescape(nh3.clean(text, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines())).strip()


def without_quoted_history(text: str) -> str:
    """The new text of a reply: the quoted history ("> ..." below "On ... wrote:") is cut off; a
    text that is nothing but quotes is kept whole."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        quoted_below = any(rest.startswith(">") for rest in lines[index + 1 : index + 4])
        if (ATTRIBUTION.match(line.strip()) and quoted_below) or (
            line.startswith(">") and all(not rest.strip() or rest.startswith(">") for rest in lines[index:])
        ):
            head = "\n".join(lines[:index]).strip()
            return head or text.strip()
    return text.strip()


def _bounce_details(message: Message) -> tuple[str, str]:
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, Message):
                continue
            recipient = str(block.get("Final-Recipient", "") or block.get("Original-Recipient", ""))
            if recipient:
                address = recipient.split(";", 1)[-1].strip()
                return normalise_email(address), str(block.get("Status", "")).strip()
    return "", ""


def parse(message: MailMessage) -> Parsed:
    obj = message.obj
    message_id = (MESSAGE_ID.findall(str(obj.get("Message-ID", ""))) or [""])[0]
    key_source = message_id.encode() if message_id else obj.as_bytes()
    references = MESSAGE_ID.findall(f"{obj.get('In-Reply-To', '')} {obj.get('References', '')}")
    try:
        date = parsedate_to_datetime(str(obj.get("Date", "")))
        if timezone.is_naive(date):
            date = timezone.make_aware(date, timezone.get_default_timezone())
    except (TypeError, ValueError):
        date = timezone.now()
    sender = normalise_email(message.from_)
    html = clean_html(message.html) if message.html else ""
    text = message.text or (html_to_text(html) if html else "")
    auto_submitted = str(obj.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(obj.get("Precedence", "")).strip().lower()
    bounce = obj.get_content_type() == "multipart/report" or sender.split("@")[0] in DAEMONS
    auto_reply = not bounce and (
        auto_submitted not in ("", "no")
        or any(obj.get(name) for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress-Reply"))
        or precedence in ("auto_reply", "bulk", "junk", "list")
        or bool(AUTO_SUBJECT.match(message.subject))
    )
    bounced_address, bounce_status = _bounce_details(obj) if bounce else ("", "")
    attachments = [] if bounce else [
        Attachment(a.filename or "attachment", a.content_type, a.payload)
        for a in message.attachments
        if a.content_disposition != "inline" or a.filename
    ]  # fmt: skip
    return Parsed(
        key=hashlib.sha256(key_source).hexdigest(),
        message_id=message_id,
        sender=sender,
        subject=message.subject,
        text=text,
        html=html,
        date=date,
        recipients=_addresses(obj, *RECIPIENT_HEADERS),
        references=references,
        attachments=attachments,
        auto_reply=auto_reply,
        bounce=bounce,
        bounced_address=bounced_address,
        bounce_status=bounce_status,
        forged=any("dmarc=fail" in str(value).lower() for value in obj.get_all("Authentication-Results") or []),
    )


def new_reply_token() -> str:
    """16 random lower-case letters and digits: safe in an address's local part, case-insensitive."""
    return secrets.token_hex(8)


def reply_address(token: str) -> str:
    """svar+<token>@domain for INFLYTT_REPLY_ADDRESS svar@domain (plus addressing, which the
    programme's mailbox delivers to svar@domain)."""
    local, _at, domain = settings.INFLYTT_REPLY_ADDRESS.partition("@")
    return f"{local}+{token}@{domain}"


def reply_token(recipients: list[str]) -> str | None:
    """The token of svar+TOKEN@domain among the recipients, for INFLYTT_REPLY_ADDRESS svar@domain."""
    if not settings.INFLYTT_REPLY_ADDRESS:
        return None
    local, _at, domain = normalise_email(settings.INFLYTT_REPLY_ADDRESS).partition("@")
    pattern = re.compile(rf"^{re.escape(local)}\+([0-9a-z]+)@{re.escape(domain)}$")
    for address in recipients:
        found = pattern.match(address)
        if found:
            return found.group(1)
    return None


def own_addresses() -> set[str]:
    """The programme's own addresses, never a person's card."""
    own = {normalise_email(settings.INFLYTT_REPLY_ADDRESS), normalise_email(settings.INFLYTT_CAPTURE_ADDRESS)}
    return {address for address in own if address}
