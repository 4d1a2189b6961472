from __future__ import annotations

from datetime import date, datetime
from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from inflytt.contacts.models import Contact
from inflytt.contacts.selectors import ContactRow

register = template.Library()


@register.simple_tag
def preferred_channel(contact: Contact | ContactRow) -> SafeString:
    """Rule 2: the preferred channel and its call or mail link, for every list of contacts.

    A tag rather than an include: it is rendered once per row, and an include costs more than the row.
    """
    if contact.prefers_phone:
        label, href, value = _("Phone"), f"tel:{contact.phone}", contact.phone
    else:
        label, href, value = _("Email"), f"mailto:{contact.email}", contact.email
    if not value:
        return format_html('<span class="channel">{}</span>', label)
    return format_html('<span class="channel">{}</span> <a href="{}">{}</a>', label, href, value)


@register.filter
def timeline_time(value: datetime) -> SafeString:
    """`<time datetime="(ISO 8601)">SHORT_DATETIME_FORMAT</time>` in local time, for each row of the
    card's timeline: one conversion instead of two `date` filters (issue 16: the card's time went to
    per-row template work). The same output as `|date:'c'` and `|date:"SHORT_DATETIME_FORMAT"`."""
    local = timezone.localtime(value)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), date_format(local, "SHORT_DATETIME_FORMAT"))


# A number no card has, reversed once into the card's address so each row substitutes its own.
_PK_SLOT = 987654321


@register.simple_tag
def contact_rows(rows: list[ContactRow]) -> SafeString:
    """The contact list's table rows (`<tr>` each, labelled for the stacked layout under 600 px).

    Built here rather than in a template loop: the loop's per-row variable look-ups, escaping, `url`
    tags and date filters were most of the list page's time (issue 16's profile: 50 rows took
    longer than the rest of the page). The markup is what the loop wrote. Every value from the
    database passes through escape(); the labels are escaped once; the card's address is reversed
    once and each registration day formatted once."""
    name, channel, assigned, municipalities, status, registered = (
        escape(label)
        for label in (
            _("Name"),
            _("Preferred channel"),
            _("Assigned to"),
            _("Municipalities of interest"),
            _("Status"),
            _("Registered"),
        )
    )
    undecided = f'<span class="hint">{escape(_("Not decided"))}</span>'
    statuses = {value: escape(str(label)) for value, label in Contact.Status.choices}
    before_pk, after_pk = reverse("contacts:detail", args=[_PK_SLOT]).split(str(_PK_SLOT))
    days: dict[date, str] = {}
    lines = []
    for row in rows:
        day = timezone.localtime(row.registered_at).date()
        if day not in days:
            days[day] = escape(date_format(day, "SHORT_DATE_FORMAT"))
        guide = f'<br><span class="hint">{escape(row.guide_name)}</span>' if row.guide_name else ""
        chosen = escape(", ".join(row.municipalities)) if row.municipalities else undecided
        lines.append(
            f'<tr><td data-label="{name}"><a href="{before_pk}{row.pk}{after_pk}">{escape(row.full_name)}</a></td>'
            f'<td data-label="{channel}">{preferred_channel(row)}</td>'
            f'<td data-label="{assigned}">{escape(row.party_name)}{guide}</td>'
            f'<td data-label="{municipalities}">{chosen}</td>'
            f'<td data-label="{status}"><span class="status status-{escape(row.status)}">'
            f"{statuses.get(row.status) or escape(row.status)}</span></td>"
            f'<td data-label="{registered}">{days[day]}</td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308  # every value above is escaped
