"""Duplicates and the merge screen (guides and coordinators)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from inflytt.accounts.permissions import people_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts import duplicates, merge
from inflytt.contacts.models import Contact


@require_GET
@people_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(duplicates.duplicate_candidates(), settings.CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    ids = {pk for item in page.object_list for pk in (item.first_id, item.second_id)}
    cards = Contact.objects.select_related("assigned_party").in_bulk(ids)
    rows = [(item, cards.get(item.first_id), cards.get(item.second_id)) for item in page.object_list]
    record_event(action=AuditEvent.Action.VIEW, request=request, detail={"duplicates": len(rows)})
    return render(request, "contacts/duplicates.html", {"page": page, "rows": rows})


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
