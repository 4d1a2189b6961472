"""The person's own link to their "Mina uppgifter" page, carried by every mail Inflytt sends them.

Here, low in the dependency graph, because intake (receipts, the page itself), guidance (mail
from the card) and mailings (newsletters, invitations) all put it in their mails and must not
import each other. The link is signed (salted), expires after INFLYTT_SELFSERVICE_LINK_DAYS, and
is bound to one card and to the email address it was sent to: after the address changes, links
sent to the old address stop working.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing

from inflytt.contacts.models import Contact
from inflytt.lib.text import normalise_email

SALT = "inflytt.contacts.selfservice"


def _address_tag(contact_id: int, email: str) -> str:
    return hashlib.sha256(f"{contact_id}:{normalise_email(email)}".encode()).hexdigest()[:16]


def selfservice_token(contact: Contact) -> str:
    return _token(contact.pk, contact.email_normalised)


def _token(contact_id: int, email: str) -> str:
    return signing.dumps({"c": contact_id, "a": _address_tag(contact_id, email)}, salt=SALT)


def read_selfservice_token(token: str) -> Contact | None:
    """The card the link was made for, or None when it is forged, expired or its address changed."""
    max_age = int(settings.INFLYTT_SELFSERVICE_LINK_DAYS) * 24 * 3600
    try:
        value = signing.loads(token[:300], salt=SALT, max_age=max_age)
        contact_id, tag = int(value["c"]), str(value["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    contact = Contact.objects.select_related("assigned_party").filter(pk=contact_id).first()
    if contact is None or not contact.email_normalised or _address_tag(contact.pk, contact.email_normalised) != tag:
        return None
    return contact


def selfservice_url(contact: Contact, language: str | None = None) -> str:
    """The absolute link for a mail, in the person's language (or the mail's); "" without an address."""
    return selfservice_link(
        contact_id=contact.pk, email=contact.email_normalised, language=language or contact.language
    )


def selfservice_link(*, contact_id: int, email: str, language: str) -> str:
    """The same link when the sender has the id and the address it mails to, not the card
    (a mass mailing): no query per recipient."""
    if not normalise_email(email):
        return ""
    lang = language if language in ("sv", "en") else "sv"
    return f"{str(settings.INFLYTT_BASE_URL).rstrip('/')}/{lang}/me/{_token(contact_id, email)}/"
