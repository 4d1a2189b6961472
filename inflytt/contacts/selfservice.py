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

SALT = "inflytt.contacts.selfservice"


def _address_tag(contact: Contact) -> str:
    return hashlib.sha256(f"{contact.pk}:{contact.email_normalised}".encode()).hexdigest()[:16]


def selfservice_token(contact: Contact) -> str:
    return signing.dumps({"c": contact.pk, "a": _address_tag(contact)}, salt=SALT)


def read_selfservice_token(token: str) -> Contact | None:
    """The card the link was made for, or None when it is forged, expired or its address changed."""
    max_age = int(settings.INFLYTT_SELFSERVICE_LINK_DAYS) * 24 * 3600
    try:
        value = signing.loads(token[:300], salt=SALT, max_age=max_age)
        contact_id, tag = int(value["c"]), str(value["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    contact = Contact.objects.select_related("assigned_party").filter(pk=contact_id).first()
    if contact is None or not contact.email_normalised or _address_tag(contact) != tag:
        return None
    return contact


def selfservice_url(contact: Contact, language: str | None = None) -> str:
    """The absolute link for a mail, in the person's language (or the mail's); "" without an address."""
    if not contact.email_normalised:
        return ""
    lang = language if language in ("sv", "en") else contact.language
    return f"{str(settings.INFLYTT_BASE_URL).rstrip('/')}/{lang}/me/{selfservice_token(contact)}/"
