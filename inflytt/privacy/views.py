"""Privacy and register maintenance pages. Coordinator-only except the yearly review, which each
party's guides do for their own contacts (the 2025 agreement, Bilaga 4; docs/requirements.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.permissions import coordinator_required, people_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.models import Contact
from inflytt.parties.selectors import active_parties
from inflytt.privacy import selectors, services
from inflytt.privacy.export import person_json, person_pdf
from inflytt.privacy.forms import PersonLookupForm, ReviewForm, WithdrawForm
from inflytt.privacy.models import NewsletterOnly
from inflytt.privacy.tasks import run_retention

PER_PAGE = 50


@require_GET
@coordinator_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/index.html",
        {"latest_run": selectors.latest_retention(), "progress": selectors.review_progress()},
    )


# --- Retention -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@coordinator_required
def retention(request: HttpRequest) -> HttpResponse:
    """The preview: counts per party and the list, then the coordinator confirms."""
    if request.method == "POST":
        services.propose_retention()
        return redirect("privacy:retention")
    proposed = selectors.proposed_retention()
    context: dict[str, Any] = {
        "proposed": proposed,
        "running": selectors.running_retention(),
        "runs": selectors.past_retentions(),
        "years": settings.INFLYTT_RETENTION_YEARS,
    }
    if proposed is not None:
        rows = selectors.retention_preview(cutoff=proposed.cutoff)
        context["rows"] = rows
        context["total_delete"] = sum(row.delete for row in rows)
        context["total_reduce"] = sum(row.reduce for row in rows)
        context["page"] = Paginator(selectors.retention_list(cutoff=proposed.cutoff), PER_PAGE).get_page(
            request.GET.get("page")
        )
        record_event(action=AuditEvent.Action.VIEW, request=request, obj=proposed)
    return render(request, "privacy/retention.html", context)


@require_POST
@coordinator_required
def retention_start(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.retention_runs(), pk=pk)
    try:
        run = services.start_retention(run=run, acting_user=request.user)  # type: ignore[arg-type]
    except services.RetentionAlreadyRunning as error:
        messages.error(request, str(error))
        return redirect("privacy:retention")
    transaction.on_commit(lambda: run_retention(run.pk))
    messages.success(request, _("The retention run has started."))
    return redirect("privacy:retention_run", pk=run.pk)


@require_GET
@coordinator_required
def retention_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.retention_runs(), pk=pk)
    parties = selectors.party_names()
    counts = [
        (parties.get(slug, slug), values.get("deleted", 0), values.get("reduced", 0))
        for slug, values in sorted(run.counts.items())
    ]
    return render(
        request, "privacy/retention_run.html", {"run": run, "counts": counts, "resumable": services.resumable(run)}
    )


@require_POST
@coordinator_required
def retention_resume(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.retention_runs(), pk=pk)
    if services.claim_for_resume(run=run):
        transaction.on_commit(lambda: run_retention(run.pk))
        messages.success(request, _("The retention run continues."))
    else:
        messages.error(request, services.ALREADY_RUNNING)
    return redirect("privacy:retention_run", pk=run.pk)


# --- Register maintenance ------------------------------------------------------------------------------


@require_GET
@coordinator_required
def review_progress(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/review_progress.html", {"progress": selectors.review_progress()})


@require_http_methods(["GET", "POST"])
@people_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(active_parties(), slug=slug)
    due = selectors.review_due(party=party)
    form = ReviewForm(request.POST if request.method == "POST" else None, due=due)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated = services.review_contacts(
            contacts=data["contacts"],
            action=data["action"],
            acting_user=request.user,  # type: ignore[arg-type]
            moved_on=data["moved_on"],
            moved_to=data["moved_to"],
        )
        messages.success(request, _("%(count)s contacts updated.") % {"count": updated})
        return redirect("privacy:review", slug=party.slug)
    page = Paginator(due, PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    selected = {str(pk) for pk in request.POST.getlist("contacts")}
    return render(
        request,
        "privacy/review.html",
        {"party": party, "page": page, "form": form, "selected": selected},
        status=status,
    )


# --- A person's data, erasure, withdrawal ----------------------------------------------------------------


def _person(pk: int) -> Contact:
    contact = selectors.person(pk)
    if contact is None:
        raise Http404
    return contact


@require_http_methods(["GET", "POST"])
@coordinator_required
def person_lookup(request: HttpRequest) -> HttpResponse:
    """Found by email in a POST: the address never appears in a URL or a log."""
    form = PersonLookupForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"]
            record_event(action=AuditEvent.Action.SEARCH, request=request, detail={"privacy": "lookup"})
            contact = selectors.find_person(email=email)
            if contact is not None:
                return redirect("privacy:person", pk=contact.pk)
            context["not_found"] = True
            context["erased"] = services.previous_erasure(email)
        else:
            status = 400
    return render(request, "privacy/person_lookup.html", context, status=status)


def _inventory(contact: Contact) -> list[tuple[str, int]]:
    return [
        (str(model._meta.verbose_name_plural), len(rows))
        for model, rows in selectors.related_rows(contact)
        if rows and model is not NewsletterOnly
    ]


@require_GET
@coordinator_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _person(pk)
    record_event(action=AuditEvent.Action.VIEW, request=request, contact_id=contact.pk, obj=contact)
    return render(
        request,
        "privacy/person.html",
        {
            "contact": contact,
            "inventory": _inventory(contact),
            "reduced": selectors.is_reduced(contact),
            "withdraw_form": WithdrawForm(),
        },
    )


def _export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    contact = _person(pk)
    body, content_type = (
        (person_json(contact), "application/json") if kind == "json" else (person_pdf(contact), "application/pdf")
    )
    record_event(
        action=AuditEvent.Action.EXPORT, request=request, contact_id=contact.pk, obj=contact, detail={"format": kind}
    )
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="person-{contact.pk}-{stamp}.{kind}"'
    return response


@require_GET
@coordinator_required
def person_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "json")


@require_GET
@coordinator_required
def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "pdf")


@require_http_methods(["GET", "POST"])
@coordinator_required
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page that shows what goes; the POST erases."""
    contact = _person(pk)
    if request.method == "POST":
        services.erase_person(contact=contact, acting_user=request.user, request=request)  # type: ignore[arg-type]
        messages.success(request, _("The person's data has been erased."))
        return redirect("privacy:person_lookup")
    return render(request, "privacy/erase.html", {"contact": contact, "inventory": _inventory(contact)})


@require_POST
@coordinator_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _person(pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the purpose the person withdraws from."))
        return redirect("privacy:person", pk=contact.pk)
    try:
        result = services.withdraw_consent(
            contact=contact,
            purpose=form.cleaned_data["purpose"],
            acting_user=request.user,  # type: ignore[arg-type]
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("privacy:person", pk=contact.pk)
    if result == "deleted":
        messages.success(request, _("Withdrawn. Nothing else was kept about the person, so the card was deleted."))
        return redirect("privacy:person_lookup")
    if result == "reduced":
        messages.success(request, _("Withdrawn. The card now holds only what the newsletter needs."))
    else:
        messages.success(request, _("Withdrawn for this purpose."))
    return redirect("privacy:person", pk=contact.pk)
