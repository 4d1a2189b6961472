"""The information a person gets when we collect their data (GDPR art. 13), per purpose.

The controller, contact address, retention period and legal basis are installation settings
(see settings.py); the sentences are translatable source strings. The version of a text is the
configured notice version plus a digest of the exact text, so any change to the wording, the
settings or the translation gives a new version, and a Consent row names the text it was given on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inflytt.contacts.models import Consent
from inflytt.parties.models import Party

PURPOSE_TEXT: dict[str, Promise] = {
    Consent.Purpose.GUIDANCE: gettext_lazy(
        "Relocation guidance: a guide of the municipality you chose first, or of the region when you have not "
        "decided, contacts you the way you asked and documents the dialogue on your contact card. Guides of "
        "the other municipalities in the collaboration can see your card so that they can help you too."
    ),
    Consent.Purpose.MAGAZINE: gettext_lazy("The magazine: we use your name and postal address to send it to you."),
    Consent.Purpose.NEWSLETTER: gettext_lazy(
        "The newsletter: we send it to your email address once you have confirmed it, until you unsubscribe."
    ),
}
LEGAL_BASIS_TEXT = {
    "public_interest": gettext_lazy("Legal basis: a task in the public interest (GDPR article 6.1 e)."),
    "consent": gettext_lazy(
        "Legal basis: your consent (GDPR article 6.1 a). You can withdraw it at any time, for example with "
        "the unsubscribe link in every newsletter."
    ),
}


@dataclass(frozen=True)
class Notice:
    purpose: str
    version: str
    text: str


def controller(*, region: Party | None = None) -> tuple[str, str]:
    """The controller's name and contact address: from settings, else the region party
    (`region`: when the caller has read it already, no query)."""
    name, email = settings.INFLYTT_PRIVACY_CONTROLLER, settings.INFLYTT_PRIVACY_EMAIL
    if not (name and email):
        if region is None:
            region = Party.objects.filter(kind=Party.Kind.REGION).only("name", "contact_email").first()
        name = name or (region.name if region else "")
        email = email or (region.contact_email if region else "")
    return name, email


def general_paragraphs(*, region: Party | None = None) -> list[str]:
    name, email = controller(region=region)
    years = settings.INFLYTT_RETENTION_YEARS
    paragraphs = [
        _("%(controller)s is the controller of the personal data you give in this form.") % {"controller": name},
        _(
            "Your contact card is deleted when there has been no registered activity on it for %(years)s years. "
            "Newsletter subscribers stay until they unsubscribe."
        )
        % {"years": years},
        _(
            "You have the right to get a copy of your data, to have it corrected or erased, to restrict or object "
            "to its use, and to complain to the Swedish Authority for Privacy Protection (IMY)."
        ),
    ]
    if email:
        paragraphs.append(_("Contact us about your data: %(email)s.") % {"email": email})
    # Recipients and the data protection officer: installation text from settings (settings.INFLYTT_PRIVACY_NOTICE).
    paragraphs.extend(installation_paragraphs())
    return paragraphs


def purpose_paragraphs(purpose: str) -> list[str]:
    basis = settings.INFLYTT_LEGAL_BASIS.get(purpose, "consent")
    return [str(PURPOSE_TEXT[purpose]), str(LEGAL_BASIS_TEXT[basis])]


def notice(purpose: str, language: str, *, general: list[str] | None = None) -> Notice:
    """The exact text shown for one purpose in one language, and its version. `general`: the
    general paragraphs in that language, when the caller already has them."""
    with translation.override(language):
        text = "\n\n".join([*purpose_paragraphs(purpose), *(general or general_paragraphs())])
    return Notice(purpose=purpose, version=version_of(text, language), text=text)


def version_of(text: str, language: str) -> str:
    """The version of a notice text: the configured notice version, the language and a digest of
    the exact text (also used for the place ambassadors' notice, inflytt.networks.privacy)."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return f"{settings.INFLYTT_PRIVACY_VERSION}-{language}-{digest}"


# The installation's own parts of the notice (who receives the data, the data protection officer),
# from settings.INFLYTT_PRIVACY_NOTICE in Swedish and English.
INSTALLATION_SECTIONS = ("recipients", "dpo")


def installation_paragraphs(language: str | None = None) -> list[str]:
    """The configured paragraphs in `language` (default: the active one; Swedish as fallback)."""
    language = (language or translation.get_language() or "sv")[:2]
    texts = settings.INFLYTT_PRIVACY_NOTICE
    paragraphs = []
    for section in INSTALLATION_SECTIONS:
        by_language = texts.get(section) or {}
        text = by_language.get(language) or by_language.get("sv") or ""
        if text:
            paragraphs.append(text)
    return paragraphs
