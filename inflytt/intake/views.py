"""The public registration form (embeddable per party), its thank-you page, the newsletter
opt-in, the public information pages, and the coordinator's embed and API-token page."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.permissions import coordinator_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.models import Contact
from inflytt.contacts.selfservice import read_selfservice_token
from inflytt.intake import abuse, privacy, selectors, services
from inflytt.intake.embedding import (
    embed_snippet,
    embeddable_forms,
    form_party,
    framable_by,
    public,
    refused_page,
)
from inflytt.intake.forms import RegistrationForm, SelfServiceForm
from inflytt.intake.models import ApiToken
from inflytt.intake.tokens import (
    Thanks,
    form_restarted_token,
    form_started_token,
    read_form_started,
    read_magazine_token,
    read_newsletter_token,
    read_thanks,
)
from inflytt.intake.tokens import thanks_token as make_thanks_token
from inflytt.lib.cache import RETRY_AFTER_SECONDS, GuardUnavailable
from inflytt.parties.models import Party
from inflytt.parties.selectors import ActiveParties, active_parties, active_party_set, parties_by_id

logger = logging.getLogger(__name__)

UTM = ("utm_source", "utm_medium", "utm_campaign")
FORM_TOO_FAST = gettext_lazy(
    "The form was sent very quickly, perhaps filled in automatically by your browser, so nothing has been saved "
    "yet. Everything you entered is still here: check your answers and press Send again."
)
FORM_EXPIRED = gettext_lazy(
    "The form had been open too long, so nothing has been saved yet. Everything you entered is still here: "
    "check your answers and press Send again."
)


def _render_form(
    request: HttpRequest,
    form: RegistrationForm,
    party: Party,
    status: int = 200,
    *,
    started: str = "",
    parties: ActiveParties | None = None,
) -> HttpResponse:
    response = render(
        request,
        "intake/form.html",
        {
            "form": form,
            "party": party,
            "started": started or form_started_token(),
            "action": request.get_full_path(),
            # GDPR art. 13 at collection: who is responsible and for how long, with a link to the rest.
            "notice_summary": privacy.general_paragraphs(region=parties.region if parties else None)[:2],
        },
        status=status,
    )
    return framable_by(response, party)


@public
@csrf_exempt  # deliberately: see docs/decisions/0003-public-form-csrf.md and abuse.py
@require_http_methods(["GET", "POST"])
def registration_form(request: HttpRequest, lang: str, slug: str | None = None) -> HttpResponse:
    # One read of the active parties serves the form's party, its choices and the region (issue 16).
    parties = active_party_set()
    party = form_party(slug, parties=parties)
    if request.method == "GET":
        asked = request.GET.get("lang", "")[:5].lower()
        if asked in {"sv", "en"} and asked != lang:
            # `?lang=` (as everywhere in Inflytt) picks the language: the form lives under /<lang>/.
            query = request.GET.copy()
            del query["lang"]
            target = f"/{asked}/{request.path[4:]}" + (f"?{query.urlencode()}" if query else "")
            return framable_by(redirect(target), party)
        initial: dict[str, Any] = {name: request.GET.get(name, "")[:100] for name in UTM}
        if not party.is_region:
            initial["municipalities"] = [party.slug]
        form = RegistrationForm(initial=initial, language=lang, choices=parties.municipalities)
        return _render_form(request, form, party, parties=parties)

    if not abuse.origin_allowed(request, party):
        logger.info("intake refused: origin not allowed party=%s", party.pk)
        return refused_page(request, party, 403)
    try:
        return _post_form(request, lang, slug, party, parties)
    except GuardUnavailable:
        logger.warning("intake refused: guards unavailable (cache away) party=%s", party.pk, exc_info=True)
        response = render(request, "intake/refused.html", {"party": party, "unavailable": True}, status=503)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return framable_by(response, party)


def _post_form(request: HttpRequest, lang: str, slug: str | None, party: Party, parties: ActiveParties) -> HttpResponse:
    if not abuse.within_rate_limit(request):
        logger.info("intake refused: rate limit party=%s", party.pk)
        return refused_page(request, party, 429, limited=True)
    if request.POST.get("website"):
        logger.info("intake refused: honeypot party=%s", party.pk)
        return refused_page(request, party, 200)
    form = RegistrationForm(request.POST, language=lang, choices=parties.municipalities)
    started = read_form_started(request.POST.get("started", ""))
    if started is None or started.elapsed < settings.INFLYTT_INTAKE_MIN_FILL_SECONDS:
        # An expired or forged form, or one sent faster than a person can (browser autofill does
        # that): show it again with everything typed kept, say at the top what to do, and accept
        # the next press of Send at once.
        form.is_valid()
        form.add_error(None, FORM_TOO_FAST if started is not None else FORM_EXPIRED)
        return _render_form(request, form, party, status=400, started=form_restarted_token(), parties=parties)
    if not form.is_valid():
        return _render_form(request, form, party, status=400, parties=parties)

    kept: list[str] = []  # the thank-you token, made once inside the transaction and kept by the guard

    def thanks_for(registration: services.Registration) -> str:
        kept.append(
            make_thanks_token(
                Thanks(
                    party_id=registration.assigned_party.pk,
                    form_party_id=party.pk,
                    channel=registration.preferred_channel,
                    due=registration.first_response_due,
                    guidance=form.cleaned_data["wants_guidance"],
                    magazine=form.cleaned_data["wants_magazine"],
                    newsletter=form.cleaned_data["wants_newsletter"],
                )
            )
        )
        return kept[-1]

    try:
        services.register_contact(
            data=form.registration_data(),
            source=Contact.Source.PARTY_SITE if slug else Contact.Source.PORTAL,
            source_party=party if slug else None,
            form_label=f"web:{request.path}"[:200],
            region=parties.region,
            # The re-post guard commits with the registration (models.SentForm).
            once=services.OncePerForm(nonce=started.nonce, thanks=thanks_for),
        )
    except IntegrityError:
        # This form was sent before (a double click, a reload of the post): the second sending was
        # rolled back whole, and the person sees the first one's thank-you page.
        earlier = selectors.sent_form_thanks(started.nonce)
        if earlier is None:
            raise
        return redirect("intake:thanks", lang=lang, token=earlier)
    # Post/redirect/get: a reload of the thank-you page sends nothing again. 303 keeps it a GET.
    response = redirect("intake:thanks", lang=lang, token=kept[-1])
    response.status_code = 303
    return response


@public
@require_GET
def thanks(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    content = read_thanks(token)
    if content is None:
        raise Http404
    parties = parties_by_id([content.party_id, content.form_party_id])
    if content.party_id not in parties or content.form_party_id not in parties:
        raise Http404
    response = render(request, "intake/thanks.html", {"thanks": content, "party": parties[content.party_id]})
    # The page replaces the form inside the frame of the site the form was embedded in.
    return framable_by(response, parties[content.form_party_id])


@public
@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links must not subscribe anyone."""
    subscription = read_newsletter_token(token)
    if subscription is None:
        return render(request, "intake/newsletter_invalid.html", status=404)
    if request.method == "POST":
        services.confirm_newsletter(subscription=subscription)
        return render(request, "intake/newsletter_confirmed.html")
    if subscription.confirmed_at is not None and subscription.unsubscribed_at is None:
        return render(request, "intake/newsletter_confirmed.html")
    return render(request, "intake/newsletter_confirm.html")


@public
@require_GET
def privacy_notice(request: HttpRequest, lang: str) -> HttpResponse:
    sections = [(label, privacy.purpose_paragraphs(purpose)) for purpose, label in privacy.Consent.Purpose.choices]
    return render(
        request,
        "intake/privacy.html",
        {"general": privacy.general_paragraphs(), "sections": sections, "version": settings.INFLYTT_PRIVACY_VERSION},
    )


@public
@require_GET
def accessibility_statement(request: HttpRequest, lang: str) -> HttpResponse:
    _name, email = privacy.controller()
    return render(request, "intake/accessibility.html", {"feedback_email": email})


# --- The person's own pages: magazine confirmation and "Mina uppgifter" -------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """Personal data: never cached, never framed (the default frame-ancestors 'none' stays)."""
    add_never_cache_headers(response)
    response.headers["Cache-Control"] = "no-store"
    return response


@public
@require_http_methods(["GET", "POST"])
def magazine_confirm(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """GET shows the address and a button, POST confirms (mail scanners open links, they do not post)."""
    order = read_magazine_token(token)
    if order is None:
        return _private(render(request, "intake/link_invalid.html", status=404))
    if request.method == "POST":
        services.confirm_magazine_order(order=order)
        return _private(render(request, "intake/magazine_confirmed.html", {"order": order}))
    return _private(render(request, "intake/magazine_confirm.html", {"order": order}))


@public
@require_http_methods(["GET", "POST"])
def selfservice(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The person's "Mina uppgifter": what is stored, and what they may change, by the personal
    link every mail to them carries (contacts.selfservice). The link is the only key."""
    contact = read_selfservice_token(token)
    if contact is None:
        return _private(render(request, "intake/link_invalid.html", status=404))
    status = 200
    if request.method == "POST" and request.POST.get("action") == "erase":
        services.request_erasure(contact=contact)
        return _private(render(request, "intake/erasure_requested.html"))
    if request.method == "POST":
        form = SelfServiceForm(request.POST, language=lang)
        if form.is_valid():
            if services.update_own_details(contact=contact, details=form.own_details()).deleted:
                return _private(render(request, "intake/selfservice_deleted.html"))
            response = redirect(f"{request.path}?saved=1")
            response.status_code = 303
            return _private(response)
        status = 400
    else:
        form = SelfServiceForm(initial=SelfServiceForm.initial_for(contact), language=lang)
        record_event(action=AuditEvent.Action.VIEW, contact_id=contact.pk, obj=contact, detail={"by": "the person"})
    context = {"form": form, "contact": contact, "stored": selectors.own_data(contact), "saved": "saved" in request.GET}
    return _private(render(request, "intake/selfservice.html", context, status=status))


# --- Coordinator: embed snippets and API tokens --------------------------------------------------


def _embed_page(request: HttpRequest, *, new_token: str = "", new_token_row: ApiToken | None = None) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    script_url = base + static("intake/embed.js")
    parties = list(active_parties())
    forms = []
    for form in embeddable_forms():
        rows = []
        for party in parties:
            form_url = base + form.path(party)
            rows.append(
                {
                    "party": party,
                    "form_url": form_url,
                    "origins": party.embed_origin_list(),
                    "label": form.label(party),
                    "snippet": embed_snippet(form_url=form_url, script_url=script_url, title=form.frame_title(party)),
                }
            )
        forms.append({"key": form.key, "heading": form.heading, "rows": rows})
    response = render(
        request,
        "intake/embed.html",
        {
            "forms": forms,
            "base": base,
            "parties": parties,
            "tokens": selectors.api_tokens(),
            "new_token": new_token,
            "new_token_row": new_token_row,
            "scopes": ApiToken.Scope.choices,
        },
    )
    add_never_cache_headers(response)
    return response


@require_GET
@coordinator_required
def embed(request: HttpRequest) -> HttpResponse:
    return _embed_page(request)


@require_POST
@coordinator_required
def token_create(request: HttpRequest) -> HttpResponse:
    party = active_parties().filter(slug=request.POST.get("party", "")[:40]).first()
    name = request.POST.get("name", "").strip()[:100]
    scope = request.POST.get("scope", ApiToken.Scope.REGISTRATIONS)
    if party is None or not name or scope not in ApiToken.Scope.values:
        response = _embed_page(request)
        response.status_code = 400
        return response
    row, raw = services.issue_api_token(party=party, name=name, acting_user=request.user, scope=scope)  # type: ignore[arg-type]
    # Shown once, in this answer only (not via a redirect, so it is in no URL and no session).
    return _embed_page(request, new_token=raw, new_token_row=row)


@require_POST
@coordinator_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_tokens(), pk=pk)
    services.revoke_api_token(token=token, acting_user=request.user)  # type: ignore[arg-type]
    return redirect("intake:embed")
