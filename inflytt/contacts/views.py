from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.permissions import people_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts import export, merge, selectors, services
from inflytt.contacts.cards import card_panels
from inflytt.contacts.forms import ActivityForm, ContactFilterForm, ContactForm
from inflytt.contacts.models import Contact, SavedView
from inflytt.lib.export import FORMATS, export_response
from inflytt.lib.idempotency import first_submission, new_submission_token
from inflytt.lib.pagination import counted_page, window_page

# Contacts read per database round trip while an export streams (with their municipalities).
EXPORT_CHUNK = 1000


def get_card_or_404(pk: int) -> Contact:
    """The card with everything it shows, for any view that acts on one contact."""
    try:
        return selectors.contact_card(pk=pk)
    except Contact.DoesNotExist:
        raise Http404 from None


@require_GET
@people_required
def contact_list(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET or None)
    filters = form.to_filters()
    matches = selectors.contact_matches(filters=filters)
    page = counted_page(
        selectors.contact_list_values(matches, sort=filters.sort),
        counting=matches,
        page=request.GET.get("page"),
        per_page=settings.CONTACTS_PER_PAGE,
    )
    page.object_list = selectors.contact_rows(page.object_list)
    if filters.used:
        # The trail keeps which filters were used, never the search words (they may be a name).
        record_event(action=AuditEvent.Action.SEARCH, request=request, detail={"filters": list(filters.used)})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contacts/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "filtered": bool(filters.used),
            "saved_views": selectors.saved_views(request.user),  # type: ignore[arg-type]
        },
    )


@require_POST
@people_required
def save_view(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()
    query = request.POST.get("query", "")
    if not name:
        messages.error(request, _("Give the view a name to save it."))
    else:
        services.save_view(owner=request.user, name=name, query=query, shared=request.POST.get("shared") == "on")  # type: ignore[arg-type]
        messages.success(request, _("The view was saved."))
    return redirect(f"{reverse('contacts:list')}?{query}")


@require_POST
@people_required
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView, pk=pk, owner=request.user)
    services.delete_view(view=view, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The view was removed."))
    return redirect("contacts:list")


@require_GET
@people_required
def contact_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The list with its current filters as CSV or XLSX, streamed; audited with the filters and
    the number of rows. Filters with errors are shown on the list instead of exporting everything."""
    if fmt not in FORMATS:
        raise Http404
    form = ContactFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('contacts:list')}?{request.GET.urlencode()}")
    contacts = selectors.contact_list(filters=form.to_filters())
    record_event(
        action=AuditEvent.Action.EXPORT,
        request=request,
        detail={"contact_list": fmt, "filters": export.filter_detail(form), "rows": contacts.count()},
    )
    return export_response(
        fmt=fmt,
        stem=f"contacts-{timezone.localdate().isoformat()}",
        header=export.header(),
        rows=export.rows(contacts, chunk=EXPORT_CHUNK),
        title=_("Contacts"),
    )


def render_card(
    request: HttpRequest, contact: Contact, *, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The card with its form; a view whose form failed passes it in `forms` to show its errors."""
    activities = window_page(
        selectors.contact_timeline(contact=contact),
        page=request.GET.get("page"),
        per_page=settings.ACTIVITIES_PER_PAGE,
    )
    activities.object_list = selectors.timeline_rows(activities.object_list)
    days_left = contact.working_days_left()
    context: dict[str, Any] = {
        "contact": contact,
        "details": selectors.card_details(contact),
        "activities": activities,
        "submission_token": new_submission_token(),
        "activity_form": ActivityForm(),
        "working_days_left": days_left,
        "working_days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
        "card_panels": card_panels(request, contact),
        **(forms or {}),
    }
    return render(request, "contacts/detail.html", context, status=status)


@require_GET
@people_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        contact = selectors.contact_card(pk=pk, rows=False)
    except Contact.DoesNotExist:
        kept = merge.merged_into(pk)  # a merged card's old address leads to the card kept
        if kept is None:
            raise Http404 from None
        return redirect("contacts:detail", pk=kept)
    record_event(action=AuditEvent.Action.VIEW, request=request, contact_id=contact.pk, obj=contact)
    return render_card(request, contact)


@require_POST
@people_required
def contact_add_activity(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return render_card(request, contact, forms={"activity_form": form}, status=400)
    if first_submission(request, request.POST.get("submission_token", "")):
        services.add_activity(
            contact=contact,
            kind=form.cleaned_data["kind"],
            body=form.cleaned_data["body"],
            occurred_at=form.cleaned_data["occurred_at"],
            follow_up_on=form.cleaned_data["follow_up_on"],
            acting_user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("The activity was added to the card."))
    return redirect("contacts:detail", pk=contact.pk)


def _save_contact(request: HttpRequest, form: ContactForm, contact: Contact | None) -> Contact | None:
    """Run the create or update service; put its refusals on the form and return None."""
    try:
        if contact is None:
            return services.create_contact(
                data=form.contact_data(),
                municipalities=list(form.cleaned_data["municipalities"]),
                interests=form.cleaned_data["interests"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        return services.update_contact(
            contact=contact,
            data=form.contact_data(),
            version=form.cleaned_data.get("version") or 0,
            municipalities=list(form.cleaned_data["municipalities"]),
            interests=form.cleaned_data["interests"],
            acting_user=request.user,  # type: ignore[arg-type]
        )
    except services.EditConflict as conflict:
        form.add_error(None, str(conflict))
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    except IntegrityError:
        # Two saves of the same email at once: the unique constraint stopped the second.
        form.add_error("email", services.EMAIL_TAKEN)
    return None


@require_http_methods(["GET", "POST"])
@people_required
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = _save_contact(request, form, None)
        if contact is not None:
            messages.success(request, _("The contact was created."))
            return redirect("contacts:detail", pk=contact.pk)
    status = 400 if form.is_bound else 200
    return render(request, "contacts/edit.html", {"form": form, "contact": None}, status=status)


@require_http_methods(["GET", "POST"])
@people_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        # The form wrote its values onto the instance; load a fresh copy for the service.
        if _save_contact(request, form, get_card_or_404(pk)) is not None:
            messages.success(request, _("The changes were saved."))
            return redirect("contacts:detail", pk=contact.pk)
    if request.method == "GET":
        # The edit form shows the whole card: reading it is audited like the card itself.
        record_event(
            action=AuditEvent.Action.VIEW, request=request, contact_id=contact.pk, obj=contact, detail={"page": "edit"}
        )
    status = 400 if form.is_bound else 200
    return render(request, "contacts/edit.html", {"form": form, "contact": contact}, status=status)
