"""Duplicates and the merge screen (guides and coordinators)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.permissions import people_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts import duplicates, merge, selectors
from inflytt.contacts.models import Contact
from inflytt.lib.pagination import counted_page


@require_GET
@people_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    pairs = selectors.duplicate_pairs(user=request.user)  # type: ignore[arg-type]
    page = counted_page(pairs, page=request.GET.get("page"), per_page=settings.CONTACTS_PER_PAGE)
    record_event(action=AuditEvent.Action.VIEW, request=request, detail={"duplicates": len(page.object_list)})
    return render(request, "contacts/duplicates.html", {"page": page})


@require_POST
@people_required
def dismiss_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Not a duplicate": the pair leaves the list for good. Only a pair the user may see."""
    candidate = get_object_or_404(selectors.duplicate_pairs(user=request.user), pk=pk)  # type: ignore[arg-type]
    duplicates.dismiss_candidate(candidate=candidate, acting_user=request.user, request=request)  # type: ignore[arg-type]
    messages.success(request, _("The two cards are no longer proposed as duplicates."))
    query = f"?page={page}" if (page := request.POST.get("page", "")).isdigit() and page != "1" else ""
    return redirect(f"{reverse('contacts:duplicates')}{query}")


@require_http_methods(["GET", "POST"])
@people_required
def merge_screen(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    cards = Contact.objects.select_related("assigned_party", "assigned_guide").in_bulk([pk, other])
    if pk == other or len(cards) != 2:
        raise Http404
    keep, drop = cards[pk], cards[other]
    error = None
    if request.method == "POST":
        choices = {name: request.POST.get(name, "keep") for name in merge.MERGE_FIELDS}
        try:
            kept = merge.merge_contacts(keep=keep, drop=drop, choices=choices, acting_user=request.user)  # type: ignore[arg-type]
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            return redirect("contacts:detail", pk=kept.pk)
    fields = [
        # MERGE_FIELDS are the card's own fields, never a reverse relation.
        (name, Contact._meta.get_field(name).verbose_name, _shown(keep, name), _shown(drop, name))  # type: ignore[union-attr]
        for name in merge.MERGE_FIELDS
    ]
    for card in (keep, drop):
        record_event(action=AuditEvent.Action.VIEW, request=request, contact_id=card.pk, obj=card)
    context = {"keep": keep, "drop": drop, "fields": fields, "error": error}
    return render(request, "contacts/merge.html", context, status=400 if error else 200)


def _shown(card: Contact, name: str) -> str:
    display = getattr(card, f"get_{name}_display", None)
    value = display() if display else getattr(card, name)
    return "" if value is None else str(value)
