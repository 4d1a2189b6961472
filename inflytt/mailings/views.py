"""Staff pages for mailings: guides and coordinators (people_required)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.permissions import coordinator_required, people_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.mailings import magazine as magazine_export_module
from inflytt.mailings import selectors, services
from inflytt.mailings.forms import EventForm, MailingForm, ScheduleForm, SegmentForm
from inflytt.mailings.models import Event, Mailing, Segment
from inflytt.mailings.rendering import markdown_to_html, render_version

PER_PAGE = 50
PREVIEW_MEMBERS = 20


@require_GET
@people_required
def mailing_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.mailing_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "mailings/mailing_list.html", {"page": page})


def _form_page(
    request: HttpRequest,
    *,
    form_class: type[forms.ModelForm],
    obj: Mailing | Segment | Event | None,
    name: str,
    saved_message: str,
    detail_url: str,
) -> HttpResponse:
    """Create (obj None) or edit a mailing, segment or event: the form, saved through the
    service, a message, then the object's page; the form again with its errors (400) otherwise."""
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        # The model's fields the form edits (Model._meta API), and any it builds from others.
        fields = [field.name for field in edited._meta.concrete_fields if field.name in form.fields]
        fields += getattr(form, "extra_saved_fields", ())
        saved = services.save_edited(obj=edited, fields=fields, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, saved_message)
        return redirect(detail_url, pk=saved.pk)
    return render(request, f"mailings/{name}_form.html", {"form": form, name: obj}, status=400 if form.errors else 200)


def _mailing_form_page(request: HttpRequest, mailing: Mailing | None) -> HttpResponse:
    if mailing is not None and not services.may_change(mailing=mailing, user=request.user):  # type: ignore[arg-type]
        raise PermissionDenied(services.NOT_YOURS)
    if mailing is not None and not mailing.is_editable:
        messages.error(request, services.NOT_EDITABLE)
        return redirect("mailings:detail", pk=mailing.pk)
    return _form_page(
        request,
        form_class=MailingForm,
        obj=mailing,
        name="mailing",
        saved_message=_("The mailing was saved."),
        detail_url="mailings:detail",
    )


@require_http_methods(["GET", "POST"])
@people_required
def mailing_create(request: HttpRequest) -> HttpResponse:
    return _mailing_form_page(request, None)


@require_http_methods(["GET", "POST"])
@people_required
def mailing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _mailing_form_page(request, get_object_or_404(selectors.mailings(), pk=pk))


@require_GET
@people_required
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(selectors.mailings(), pk=pk)
    reach = selectors.reach_of(request.user)
    context = {
        "mailing": mailing,
        "figures": selectors.mailing_figures(mailing),
        "schedule_form": ScheduleForm(),
        "reach": reach,
        "may_send": reach is None or mailing.purpose != Mailing.Purpose.NEWSLETTER,
    }
    if mailing.is_editable:
        context["live_count"] = selectors.recipients(mailing, reach=reach).count()
    return render(request, "mailings/mailing_detail.html", context)


@require_GET
@people_required
def mailing_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The mail as a recipient sees it, with the merge fields shown as written."""
    mailing = get_object_or_404(selectors.mailings(), pk=pk)
    language = "en" if request.GET.get("lang") == "en" else "sv"
    version = render_version(mailing, language)
    body_html = markdown_to_html(mailing.version(language)[1])
    return render(
        request, "mailings/mailing_preview.html", {"mailing": mailing, "version": version, "body_html": body_html}
    )


@require_GET
@people_required
def recipient_count(request: HttpRequest) -> HttpResponse:
    """How many people the mailing being written would reach now, within the user's reach: the
    editor asks with htmx as the purpose, kind, segment or event changes, before anything is
    saved. A number only (without JavaScript the mailing's page shows it once saved)."""
    data = request.GET
    count = None
    if data.get("purpose") in Mailing.Purpose.values:
        segment_id, event_id = data.get("segment", ""), data.get("event", "")
        draft = Mailing(
            purpose=data["purpose"],
            kind=data["kind"] if data.get("kind") in Mailing.Kind.values else Mailing.Kind.STANDARD,
            segment=selectors.segments().filter(pk=int(segment_id)).first() if segment_id.isdigit() else None,
            event_id=int(event_id) if event_id.isdigit() else None,
        )
        count = selectors.recipients(draft, reach=selectors.reach_of(request.user)).count()
    return render(request, "mailings/_recipient_count.html", {"count": count, "counted": True})


@require_POST
@people_required
def body_preview(request: HttpRequest) -> HttpResponse:
    """The editor's live preview of one language's body (htmx), the merge fields as written."""
    language = "en" if request.POST.get("preview") == "en" else "sv"
    body = request.POST.get(f"body_{language}", "")[:20000]
    return render(request, "mailings/_body_preview.html", {"language": language, "body_html": markdown_to_html(body)})


@require_POST
@people_required
def mailing_test(request: HttpRequest, pk: int) -> HttpResponse:
    """The button "Send a test to me": each language version to the user's own address. With htmx the
    answer is the panel's status line; without JavaScript, the detail page with a message."""
    mailing = get_object_or_404(selectors.mailings(), pk=pk)
    errors: list[str] = []
    sent: list[str] = []
    try:
        sent = services.send_test(mailing=mailing, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        errors = list(error.messages)
    done = ""
    if sent:
        text = (
            _("A test was sent to %(email)s.")
            if len(sent) == 1
            else _("A test in Swedish and one in English were sent to %(email)s.")
        )
        done = text % {"email": request.user.email}  # type: ignore[union-attr]
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "mailings/_test_status.html", {"errors": errors, "done": done})
    for message in errors:
        messages.error(request, message)
    if done:
        messages.success(request, done)
    return redirect("mailings:detail", pk=mailing.pk)


@require_POST
@people_required
def mailing_send(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(selectors.mailings(), pk=pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the time as a date and a time."))
        return redirect("mailings:detail", pk=mailing.pk)
    try:
        services.schedule_mailing(mailing=mailing, acting_user=request.user, send_at=form.cleaned_data["send_at"])  # type: ignore[arg-type]
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if mailing.scheduled_at and mailing.scheduled_at > timezone.now():
            messages.success(request, _("The mailing is scheduled."))
        else:
            messages.success(request, _("The mailing is being sent."))
    return redirect("mailings:detail", pk=mailing.pk)


@require_POST
@people_required
def mailing_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(selectors.mailings(), pk=pk)
    if services.unschedule_mailing(mailing=mailing, acting_user=request.user):  # type: ignore[arg-type]
        messages.success(request, _("The mailing is a draft again."))
    return redirect("mailings:detail", pk=mailing.pk)


# --- Segments --------------------------------------------------------------------------------------


@require_GET
@people_required
def segment_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.segment_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "mailings/segment_list.html", {"page": page})


def _segment_form_page(request: HttpRequest, segment: Segment | None) -> HttpResponse:
    return _form_page(
        request,
        form_class=SegmentForm,
        obj=segment,
        name="segment",
        saved_message=_("The segment was saved."),
        detail_url="mailings:segment",
    )


@require_GET
@people_required
def segment_count(request: HttpRequest) -> HttpResponse:
    """How many contacts (within the user's reach) the conditions being edited match now: the
    editor asks with htmx as the filter changes, before anything is saved. A number only."""
    form = SegmentForm(request.GET)
    form.fields["name"].required = False  # a draft: the name is asked for when saving
    count = None
    if form.is_valid():
        draft = Segment(conditions=form.conditions())
        count = selectors.segment_contacts(draft, reach=selectors.reach_of(request.user)).count()
    return render(request, "mailings/_segment_count.html", {"count": count, "counted": True})


@require_http_methods(["GET", "POST"])
@people_required
def segment_create(request: HttpRequest) -> HttpResponse:
    return _segment_form_page(request, None)


@require_http_methods(["GET", "POST"])
@people_required
def segment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _segment_form_page(request, get_object_or_404(selectors.segments(), pk=pk))


@require_GET
@people_required
def segment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The live count and the first members, as they are now."""
    segment = get_object_or_404(selectors.segments(), pk=pk)
    members = selectors.segment_members(segment, reach=selectors.reach_of(request.user))
    record_event(action=AuditEvent.Action.SEARCH, request=request, obj=segment)
    return render(
        request,
        "mailings/segment_detail.html",
        {"segment": segment, "count": members.count(), "members": list(members[:PREVIEW_MEMBERS])},
    )


# --- Events ----------------------------------------------------------------------------------------


@require_GET
@people_required
def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.event_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "mailings/event_list.html", {"page": page})


def _event_form_page(request: HttpRequest, event: Event | None) -> HttpResponse:
    return _form_page(
        request,
        form_class=EventForm,
        obj=event,
        name="event",
        saved_message=_("The event was saved."),
        detail_url="mailings:event",
    )


@require_http_methods(["GET", "POST"])
@people_required
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form_page(request, None)


@require_http_methods(["GET", "POST"])
@people_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_form_page(request, get_object_or_404(selectors.events(), pk=pk))


@require_GET
@people_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.events(), pk=pk)
    page = Paginator(selectors.event_answers(event), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mailings/event_detail.html",
        {
            "event": event,
            "figures": selectors.event_figures(event),
            "page": page,
            "mailings": selectors.event_mailings(event),
        },
    )


@require_POST
@people_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.events(), pk=pk)
    attended = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    changed = services.mark_attendance(event=event, attended_ids=attended, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Attendance saved (%(count)s changed).") % {"count": changed})
    return redirect("mailings:event", pk=event.pk)


# --- The magazine ----------------------------------------------------------------------------------


@require_GET
@people_required
def magazine(request: HttpRequest) -> HttpResponse:
    page = Paginator(magazine_export_module.pending_orders(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "mailings/magazine.html", {"page": page, "last_id": magazine_export_module.last_pending_id()}
    )


@require_GET
@people_required
def magazine_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    up_to = request.GET.get("up_to", "")
    orders = magazine_export_module.pending_orders(up_to_id=int(up_to) if up_to.isdigit() else None)
    try:
        response = magazine_export_module.export(orders, fmt=fmt)
    except ValueError:
        raise Http404 from None
    record_event(action=AuditEvent.Action.EXPORT, request=request, detail={"magazine": fmt})
    return response


@require_POST
@coordinator_required
def magazine_sent(request: HttpRequest) -> HttpResponse:
    up_to = request.POST.get("up_to", "")
    if not up_to.isdigit():
        messages.error(request, _("Export the list first: only the orders in it are marked as sent."))
        return redirect("mailings:magazine")
    count = services.mark_magazine_sent(up_to_id=int(up_to), acting_user=request.user)  # type: ignore[arg-type]
    messages.success(
        request, _("%(count)s orders marked as sent; their postal addresses were removed.") % {"count": count}
    )
    return redirect("mailings:magazine")
