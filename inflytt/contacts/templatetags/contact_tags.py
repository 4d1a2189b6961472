from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.selectors import ContactRow, TimelineRow
from inflytt.lib.dates import compiled_format

register = template.Library()


@register.simple_tag
def preferred_channel(contact: Contact | ContactRow) -> SafeString:
    """Rule 2: the preferred channel and its call or mail link, for the rows of a list written by a
    template (the queues, guidance/_contact_rows.html). A tag rather than an include: it is rendered
    once per row, and an include costs more than the row."""
    return mark_safe(_channel(contact, escape(_("Phone")), escape(_("Email"))))  # noqa: S308  # escaped


def _channel(contact: Contact | ContactRow, phone: str, email: str) -> str:
    """preferred_channel, with its two labels translated and escaped by the caller (contact_rows: once
    for the page)."""
    if contact.prefers_phone:
        label, scheme, value = phone, "tel:", contact.phone
    else:
        label, scheme, value = email, "mailto:", contact.email
    if not value:
        return f'<span class="channel">{label}</span>'
    shown = escape(value)
    return f'<span class="channel">{label}</span> <a href="{scheme}{shown}">{shown}</a>'


def _time(value: datetime, zone: tzinfo, written: Callable[[date], str]) -> str:
    """`<time datetime="(ISO 8601)">SHORT_DATETIME_FORMAT</time>` in local time: what `|date:'c'` and
    `|date:"SHORT_DATETIME_FORMAT"` write, with the zone and the format (lib.dates.compiled_format)
    looked up once by the caller."""
    local = value.astimezone(zone)
    return f'<time datetime="{local.isoformat()}">{escape(written(local))}</time>'


# A number no row has: an address is reversed once with it, and each row puts its own pk in its place
# (a reverse per row cost more than the rest of the row).
_PK_SLOT = 987654321


def _addresses(name: str) -> Callable[[int], str]:
    """The address of the view `name` for any pk, from one reverse()."""
    before, after = reverse(name, args=[_PK_SLOT]).split(str(_PK_SLOT))
    return lambda pk: f"{before}{pk}{after}"


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
    # gettext outside the f-strings: xgettext does not read calls inside them (makemessages would drop the string).
    not_decided = escape(_("Not decided"))
    undecided = f'<span class="hint">{not_decided}</span>'
    statuses = {value: escape(str(label)) for value, label in Contact.Status.choices}
    phone, email = escape(_("Phone")), escape(_("Email"))
    card = _addresses("contacts:detail")
    zone = timezone.get_current_timezone()
    short_date = compiled_format(get_format("SHORT_DATE_FORMAT"))
    days: dict[date, str] = {}
    lines = []
    for row in rows:
        day = row.registered_at.astimezone(zone).date()
        if day not in days:
            days[day] = escape(short_date(day))
        guide = f'<br><span class="hint">{escape(row.guide_name)}</span>' if row.guide_name else ""
        chosen = escape(", ".join(row.municipalities)) if row.municipalities else undecided
        lines.append(
            f'<tr><td data-label="{name}"><a href="{card(row.pk)}">{escape(row.full_name)}</a></td>'
            f'<td data-label="{channel}">{_channel(row, phone, email)}</td>'
            f'<td data-label="{assigned}">{escape(row.party_name)}{guide}</td>'
            f'<td data-label="{municipalities}">{chosen}</td>'
            f'<td data-label="{status}"><span class="status status-{escape(row.status)}">'
            f"{statuses.get(row.status) or escape(row.status)}</span></td>"
            f'<td data-label="{registered}">{days[day]}</td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308  # every value above is escaped


@register.simple_tag(takes_context=True)
def timeline(context: template.Context, activities: list[TimelineRow]) -> SafeString:
    """The card's timeline: one `<li>` per activity, newest first (rule 3: every dialogue on the card).

    Built here rather than in a template loop for the reason contact_rows is (issue 16: the card's
    50 activities were most of its rendering). Every value from the database passes through escape();
    the labels are translated and escaped once. The follow-up's "done" button is for its author only."""
    if not activities:
        none_yet = escape(_("No activities yet."))  # outside the f-string, where makemessages finds it
        return mark_safe(f"<li>{none_yet}</li>")  # noqa: S308  # escaped
    follow_up, done, mark_done = escape(_("Follow up on")), escape(_("done")), escape(_("Mark the follow-up done"))
    whole_mail, sent, waiting = (
        escape(_("The whole mail and its attachments")),
        escape(_("Sent")),
        escape(_("Waiting to be sent")),
    )
    kinds = {value: escape(str(label)) for value, label in Activity.Kind.choices}
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(context.get("csrf_token", "")))}">'
    done_address, mail_address = _addresses("guidance:follow_up_done"), _addresses("guidance:received_mail")
    user_pk = context["user"].pk
    # Looked up once, not per row: the zone, and the formats read once (lib.dates.compiled_format).
    zone = timezone.get_current_timezone()
    short_datetime = compiled_format(get_format("SHORT_DATETIME_FORMAT"))
    short_date = compiled_format(get_format("SHORT_DATE_FORMAT"))
    items = []
    for activity in activities:
        kind = kinds.get(activity.kind) or escape(activity.kind)
        head = f"<strong>{kind}</strong> {_time(activity.occurred_at, zone, short_datetime)}"
        if activity.author_name:
            head += f", {escape(activity.author_name)}"
        if activity.party_name is not None:
            head += f" ({escape(activity.party_name)})"
        parts = [f'<li class="activity activity-{escape(activity.kind)}">', f'<p class="activity-head">{head}</p>']
        summary = activity.summary
        if summary:
            parts.append(f'<p class="activity-subject">{escape(summary)}</p>')
        if activity.body:
            parts.append(f'<p class="pre">{escape(activity.body)}</p>')
        if activity.follow_up_on:
            when = escape(short_date(activity.follow_up_on))
            parts.append(f'<p class="hint">{follow_up} {when}{f" – {done}" if activity.follow_up_done_at else ""}</p>')
            if not activity.follow_up_done_at and activity.author_id == user_pk:
                action = done_address(activity.pk)
                parts.append(
                    f'<form method="post" action="{action}" hx-post="{action}" hx-target="this" hx-swap="outerHTML">'
                    f'{csrf}<input type="hidden" name="next" value="card">'
                    f'<button type="submit" class="link-button">{mark_done}</button></form>'
                )
        if activity.kind == Activity.Kind.EMAIL_IN and not activity.author_id:
            parts.append(f'<p><a href="{mail_address(activity.pk)}">{whole_mail}</a></p>')
        if activity.kind == Activity.Kind.EMAIL_OUT:
            if activity.sent_at:
                at = escape(short_datetime(activity.sent_at.astimezone(zone)))
                parts.append(f'<p class="hint">{sent} {at}</p>')
            else:
                parts.append(f'<p class="hint">{waiting}</p>')
        parts.append("</li>")
        items.append("".join(parts))
    return mark_safe("\n".join(items))  # noqa: S308  # every value above is escaped
