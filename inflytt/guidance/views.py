from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.permissions import people_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.models import Contact
from inflytt.contacts.services import EditConflict
from inflytt.contacts.views import get_card_or_404
from inflytt.guidance import selectors, services
from inflytt.guidance.calendar import follow_up_calendar
from inflytt.guidance.forms import (
    AssignForm,
    EmailForm,
    InboundAssignForm,
    StatusForm,
    TemplateChoiceForm,
    TransferForm,
)
from inflytt.guidance.models import InboundMail, MessageTemplate
from inflytt.lib.pagination import counted_page

QUEUE_TITLES = {
    "unanswered": gettext_lazy("New, not yet answered"),
    "due_soon": gettext_lazy("Due within one working day"),
    "overdue": gettext_lazy("Overdue"),
    "transferred": gettext_lazy("Transferred to us"),
    "undecided": gettext_lazy("Undecided (the region's queue)"),
    "mine": gettext_lazy("Assigned to me"),
}
QUEUE_PREVIEW_ROWS = 10


def _quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


@require_GET
@people_required
def queues(request: HttpRequest) -> HttpResponse:
    """The guide's start page: the queues of the 5-working-day service level."""
    user = request.user
    today = timezone.localdate()
    names = selectors.visible_queues(user)  # type: ignore[arg-type]
    counts = selectors.queue_counts(user=user, today=today)  # type: ignore[arg-type]
    # Sorted by due date, the unanswered queue starts with the overdue and the due-soon contacts,
    # so those two are counts linking to their own lists rather than a second and third table.
    sections = [
        {
            "name": name,
            "title": QUEUE_TITLES[name],
            "count": counts[name],
            "rows": list(selectors.queue(user=user, name=name, today=today)[:QUEUE_PREVIEW_ROWS]),  # type: ignore[arg-type]
        }
        for name in names
        if name not in ("due_soon", "overdue")
    ]
    quarter_start = _quarter_start(today)
    level = selectors.service_level(party=user.party, start=quarter_start, end=today, today=today)  # type: ignore[union-attr]
    follow_ups = list(selectors.follow_ups_due(user=user, today=today)[:QUEUE_PREVIEW_ROWS])  # type: ignore[arg-type]
    upcoming = list(selectors.follow_ups_upcoming(user=user, today=today)[:QUEUE_PREVIEW_ROWS])  # type: ignore[arg-type]
    recent_mail = list(selectors.mail_on_my_cards(user=user)[: selectors.RECENT_MAIL_ROWS])  # type: ignore[arg-type]
    return render(
        request,
        "guidance/queues.html",
        {
            "sections": sections,
            "counts": counts,
            "level": level,
            "period_start": quarter_start,
            "today": today,
            "follow_ups": follow_ups,
            "upcoming": upcoming,
            "upcoming_days": selectors.UPCOMING_WORKING_DAYS,
            "recent_mail": recent_mail,
            "recent_mail_days": selectors.RECENT_MAIL_DAYS,
        },
    )


@require_GET
@people_required
def queue_list(request: HttpRequest, name: str) -> HttpResponse:
    if name not in selectors.visible_queues(request.user):  # type: ignore[arg-type]
        raise Http404
    rows = selectors.queue(user=request.user, name=name)  # type: ignore[arg-type]
    page = counted_page(rows, page=request.GET.get("page"), per_page=settings.CONTACTS_PER_PAGE)
    return render(
        request,
        "guidance/queue_list.html",
        {"page": page, "title": QUEUE_TITLES[name], "name": name, "today": timezone.localdate()},
    )


@require_GET
@people_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    rows = selectors.follow_ups_due(user=request.user)  # type: ignore[arg-type]
    page = Paginator(rows, settings.CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    # Names and notes of the user's contacts: a list of personal data, audited when shown.
    record_event(action=AuditEvent.Action.VIEW, request=request, detail={"page": "follow_ups"})
    upcoming = selectors.follow_ups_upcoming(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "guidance/follow_ups.html",
        {"page": page, "upcoming": upcoming, "upcoming_days": selectors.UPCOMING_WORKING_DAYS},
    )


@require_POST
@people_required
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    # A follow-up is its author's to-do: anyone else gets the same 404 as for a missing one.
    activity = get_object_or_404(selectors.open_follow_ups_of(request.user), pk=pk)  # type: ignore[arg-type]
    services.complete_follow_up(activity=activity, acting_user=request.user)  # type: ignore[arg-type]
    if request.htmx:  # type: ignore[attr-defined]
        # Saved inline: the button's form becomes the note that it is done, the page stays.
        return render(request, "guidance/_follow_up_done.html", {"activity": activity})
    messages.success(request, _("The follow-up is done."))
    if request.POST.get("next") == "card":
        return redirect("contacts:detail", pk=activity.contact_id)
    return redirect("guidance:follow_ups")


def _action_page(
    request: HttpRequest,
    contact: Contact,
    form: Form,
    template: str,
    run: Any,
    done_message: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST runs the service and returns to the card; refusals
    from the service land on the form's fields and nothing is changed. Every page shows the
    person's data, so showing it is audited (the POST's service writes its own event)."""
    if request.method == "GET":
        record_event(
            action=AuditEvent.Action.VIEW,
            request=request,
            contact_id=contact.pk,
            obj=contact,
            detail={"page": request.resolver_match.url_name if request.resolver_match else ""},
        )
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, done_message)
            return redirect("contacts:detail", pk=contact.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"contact": contact, "form": form, **(extra or {})}, status=status)


@require_http_methods(["GET", "POST"])
@people_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    form = TransferForm(request.POST or None)
    return _action_page(
        request,
        contact,
        form,
        "guidance/transfer.html",
        lambda data: services.transfer_contact(
            contact=contact,
            to_party=data["to_party"],
            note=data["note"],
            acting_user=request.user,  # type: ignore[arg-type]
        ),
        _("The contact was transferred. The receiving party's guides have been told."),
    )


@require_http_methods(["GET", "POST"])
@people_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    if request.method == "POST" and request.POST.get("take"):
        services.assign_contact(contact=contact, guide=request.user, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The contact is assigned to you."))
        return redirect("contacts:detail", pk=contact.pk)
    form = AssignForm(request.POST or None, contact=contact, initial={"guide": contact.assigned_guide_id})
    return _action_page(
        request,
        contact,
        form,
        "guidance/assign.html",
        lambda data: services.assign_contact(contact=contact, guide=data["guide"], acting_user=request.user),  # type: ignore[arg-type]
        _("The assignment was saved."),
    )


@require_http_methods(["GET", "POST"])
@people_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    form = StatusForm(
        request.POST or None,
        initial={
            "status": contact.status,
            "version": contact.version,
            "moved_on": contact.moved_on,
            "moved_to": contact.moved_to,
            "moved_household_size": contact.moved_household_size or contact.adults + contact.children,
        },
    )
    return _action_page(
        request,
        contact,
        form,
        "guidance/status.html",
        lambda data: services.change_status(
            contact=contact,
            status=data["status"],
            version=data["version"],
            moved_on=data["moved_on"],
            moved_to=data["moved_to"],
            moved_household_size=data["moved_household_size"],
            note=data["note"],
            acting_user=request.user,  # type: ignore[arg-type]
        ),
        _("The status was saved."),
    )


@require_http_methods(["GET", "POST"])
@people_required
def send_email(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    guide = request.user
    chooser = TemplateChoiceForm(request.GET or None, contact_language=contact.language, ui_language=get_language()[:2])
    initial: dict[str, Any] = {}
    template: MessageTemplate | None = None
    if chooser.is_valid() and chooser.cleaned_data["template"]:
        template = chooser.cleaned_data["template"]
    elif request.method == "GET":
        template = selectors.default_template(contact.language)
    if template is not None:
        body = services.render_template(template.body, contact=contact, guide=guide)  # type: ignore[arg-type]
        signature = guide.signature or guide.get_full_name()  # type: ignore[union-attr]
        initial = {"subject": template.subject, "body": f"{body}\n\n{signature}"}
    form = EmailForm(request.POST or None, initial=initial)
    return _action_page(
        request,
        contact,
        form,
        "guidance/email.html",
        lambda data: services.send_contact_email(
            contact=contact,
            subject=data["subject"],
            body=data["body"],
            follow_up_on=data["follow_up_on"],
            acting_user=request.user,  # type: ignore[arg-type]
        ),
        _("The mail is on its way and logged on the card."),
        extra={"chooser": chooser},
    )


@require_GET
@people_required
def inbound_list(request: HttpRequest) -> HttpResponse:
    """Mail that found no card, for a guide to place or discard."""
    page = Paginator(selectors.inbound_to_review(), settings.CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    # Senders and subjects of mail from the public: personal data, audited when shown.
    record_event(action=AuditEvent.Action.VIEW, request=request, detail={"page": "inbound"})
    return render(request, "guidance/inbound_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@people_required
def inbound_mail(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(selectors.inbound_to_review(), pk=pk)
    form = InboundAssignForm(request.POST or None)
    if request.method == "GET":
        record_event(action=AuditEvent.Action.VIEW, request=request, obj=mail, detail={"page": "inbound_mail"})
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["card"]
        try:
            services.assign_inbound_mail(mail=mail, contact=contact, acting_user=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The mail is on the card."))
            return redirect("contacts:detail", pk=contact.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "guidance/inbound_mail.html", {"mail": mail, "form": form}, status=status)


@require_POST
@people_required
def inbound_discard(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(selectors.inbound_to_review(), pk=pk)
    try:
        services.discard_inbound_mail(mail=mail, acting_user=request.user)  # type: ignore[arg-type]
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("The mail was discarded."))
    return redirect("guidance:inbound")


@require_GET
@people_required
def received_mail(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole of a mail received on a card (the card shows its new text), with its attachments."""
    try:
        mail = selectors.received_mail(activity_id=pk)
    except InboundMail.DoesNotExist:
        raise Http404 from None
    record_event(
        action=AuditEvent.Action.VIEW, request=request, contact_id=mail.contact_id, obj=mail, detail={"page": "mail"}
    )
    return render(request, "guidance/received_mail.html", {"mail": mail, "contact": mail.contact})


@require_GET
@people_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An attachment of mail received (on a card or in the review list), as a download."""
    row = get_object_or_404(selectors.readable_attachments(), pk=pk)
    record_event(
        action=AuditEvent.Action.VIEW,
        request=request,
        contact_id=row.mail.contact_id,
        obj=row,
        detail={"page": "attachment"},
    )
    response = HttpResponse(bytes(row.data), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=row.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@people_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The guide's calendar feed: make a secret URL (shown once), make a new one, or revoke it."""
    secret = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(user=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The calendar link was revoked: it no longer works."))
            return redirect("guidance:calendar")
        secret = services.create_calendar_feed(user=request.user)  # type: ignore[arg-type]
    feed = selectors.calendar_feed_of(request.user)  # type: ignore[arg-type]
    url = request.build_absolute_uri(reverse("guidance:calendar_feed", args=[secret])) if secret else None
    return render(request, "guidance/calendar.html", {"feed": feed, "url": url})


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The follow-ups as iCalendar for Outlook and other calendar apps; the secret is the key."""
    user = selectors.calendar_feed_owner(secret)
    if user is None:
        raise Http404
    services.record_calendar_read(user=user)
    response = HttpResponse(follow_up_calendar(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="follow-ups.ics"'
    return response
