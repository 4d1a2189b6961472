"""System events on the timeline, stored as a code with parameters and rendered in the reader's language.

A line such as "Assigned to Anna" or "New → Contacted" used to be stored as text in the language
of whoever caused it, so a Swedish line showed in the English UI and the other way round. Now the
Activity keeps `event_code` and `event_params`; `Activity.summary` renders them for whoever reads
the card. `subject` is still filled, in the default language, for search, exports and old readers;
rows from before keep their text (no code: the subject is shown as it is).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from inflytt.contacts.models import Activity, Contact
from inflytt.parties.models import Party

MESSAGES: dict[str, str] = {
    "assigned": gettext_noop("Assigned to %(guide)s"),
    "unassigned": gettext_noop("Unassigned"),
    "status_changed": gettext_noop("%(from)s → %(to)s"),
    "newsletter_unsubscribed": gettext_noop("Unsubscribed from the newsletter"),
    "newsletter_confirmed": gettext_noop("Newsletter subscription confirmed"),
    "fresh_unsubscribe_link": gettext_noop("A new unsubscribe link was sent"),
    "fresh_rsvp_link": gettext_noop("A new link to answer the invitation was sent"),
    "rsvp_yes": gettext_noop("Coming to %(event)s"),
    "rsvp_waiting": gettext_noop("On the waiting list for %(event)s"),
    "rsvp_no": gettext_noop("Not coming to %(event)s"),
    "rsvp_promoted": gettext_noop("Got a place from the waiting list for %(event)s"),
    "attended": gettext_noop("Attended %(event)s"),
    "missed": gettext_noop("Did not attend %(event)s"),
    "bounced": gettext_noop("The email address bounced; no mailings are sent to it until it is changed"),
    "receipt_sent": gettext_noop("Receipt mail sent"),
    "newsletter_confirmation_sent": gettext_noop("Newsletter confirmation mail sent"),
    "magazine_confirmation_sent": gettext_noop("Magazine address confirmation mail sent"),
}
# Parameters that hold a Contact.Status value, shown by its label in the reader's language.
STATUS_PARAMS = ("from", "to")


def render(code: str, params: dict[str, Any]) -> str:
    """The event in the active language; an unknown code (a newer version's) renders as the code."""
    message = MESSAGES.get(code)
    if message is None:
        return code
    values = dict(params)
    for key in STATUS_PARAMS:
        if key in values and values[key] in Contact.Status.values:
            values[key] = Contact.Status(values[key]).label
    return gettext(message) % values if values else gettext(message)


def summary(*, kind: str, subject: str, code: str, params: dict[str, Any]) -> str:
    """An activity's subject line as the reader should see it: a system event in the reader's
    language, a registration's source in words, else the subject as written."""
    if code:
        return render(code, params)
    if kind == Activity.Kind.REGISTRATION and subject:
        return source_text(subject)
    return subject


def system_event(code: str, **params: Any) -> dict[str, Any]:
    """The Activity fields of one event: `Activity.objects.create(..., **system_event("assigned", guide="Anna"))`."""
    if code not in MESSAGES:
        raise ValueError(f"unknown timeline event {code!r}")
    with translation.override(settings.LANGUAGE_CODE):
        subject = render(code, params)[:200]
    return {"subject": subject, "event_code": code, "event_params": params}


WEB_FORM = re.compile(r"^web:/(?P<lang>sv|en)/form/(?:(?P<slug>[-a-z0-9]+)/)?$")
API_FORM = re.compile(r"^api:(?P<slug>[-a-z0-9]+):(?P<name>.*)$")


def source_text(form_label: str) -> str:
    """Where a registration came from, in words: "web:/sv/form/" reads "the region's form
    (Swedish)", "web:/en/form/bracke/" "Bräcke kommun's form (English)", "api:are:site" "the API
    (Åre kommun, site)". Anything else is shown as it was stored."""
    if match := WEB_FORM.match(form_label):
        language = gettext("Swedish") if match["lang"] == "sv" else gettext("English")
        if match["slug"]:
            party = Party.objects.filter(slug=match["slug"]).values_list("name", flat=True).first() or match["slug"]
            return gettext("%(party)s's form (%(language)s)") % {"party": party, "language": language}
        return gettext("the region's form (%(language)s)") % {"language": language}
    if match := API_FORM.match(form_label):
        party = Party.objects.filter(slug=match["slug"]).values_list("name", flat=True).first() or match["slug"]
        return gettext("the API (%(party)s, %(name)s)") % {"party": party, "name": match["name"]}
    return form_label
