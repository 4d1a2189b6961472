"""What a place ambassador is told when signing up (GDPR art. 13), versioned like the
registration form's notice (inflytt.intake.privacy)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from inflytt.intake.privacy import Notice, controller, installation_paragraphs, version_of

PURPOSE = "ambassador"


def ambassador_paragraphs() -> list[str]:
    name, email = controller()
    paragraphs = [
        _(
            "%(controller)s keeps your name, contact details and what you tell us in this form to administer the "
            "network of place ambassadors: to invite you to activities and to introduce you to people who are "
            "thinking of moving here. The network manager and the relocation guides can see your details; a "
            "newcomer gets only the contact details you choose to give."
        )
        % {"controller": name},
        _("Legal basis: your consent (GDPR article 6.1 a). You can leave the network at any time."),
        _("Your details are deleted %(years)s years after you leave the network.")
        % {"years": settings.INFLYTT_AMBASSADOR_RETENTION_YEARS},
        _(
            "You have the right to get a copy of your data, to have it corrected or erased, to restrict or object "
            "to its use, and to complain to the Swedish Authority for Privacy Protection (IMY)."
        ),
    ]
    if email:
        paragraphs.append(_("Contact us about your data: %(email)s.") % {"email": email})
    return paragraphs + installation_paragraphs()


def ambassador_notice(language: str) -> Notice:
    with translation.override(language):
        text = "\n\n".join(ambassador_paragraphs())
    return Notice(purpose=PURPOSE, version=version_of(text, language), text=text)
