"""The public pages of the networks: the ambassador sign-up (embeddable like the registration
form, with the same defences: inflytt.intake.abuse and docs/decisions/0003-public-form-csrf.md)
and the coworking directory (no personal data, cacheable)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from inflytt.intake import abuse
from inflytt.intake.embedding import form_party, framable_by, public, refused_page
from inflytt.intake.tokens import form_started_token, read_form_started
from inflytt.networks import selectors, services
from inflytt.networks.forms import AmbassadorRSVPForm, AmbassadorSignUpForm
from inflytt.networks.models import AmbassadorInvitation
from inflytt.networks.privacy import ambassador_paragraphs
from inflytt.networks.tokens import read_rsvp_token, read_unsubscribe_token
from inflytt.parties.models import Party
from inflytt.parties.selectors import municipalities

logger = logging.getLogger(__name__)
# The directory holds no personal data and changes seldom: shared caches may keep it this long.
DIRECTORY_MAX_AGE = 900


def _render_sign_up(request: HttpRequest, form: AmbassadorSignUpForm, party: Party, status: int = 200) -> HttpResponse:
    response = render(
        request,
        "networks/public/sign_up.html",
        {
            "form": form,
            "party": party,
            "started": form_started_token(),
            "action": request.get_full_path(),
            "notice": ambassador_paragraphs(),
        },
        status=status,
    )
    return framable_by(response, party)


@public
@csrf_exempt  # deliberately, as the registration form: docs/decisions/0003-public-form-csrf.md
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest, lang: str, slug: str | None = None) -> HttpResponse:
    party = form_party(slug)
    if request.method == "GET":
        initial = {} if party.is_region else {"party": party.pk}
        return _render_sign_up(request, AmbassadorSignUpForm(initial=initial), party)
    if not abuse.origin_allowed(request, party):
        logger.info("ambassador sign-up refused: origin party=%s", party.pk)
        return refused_page(request, party, 403)
    if not abuse.within_rate_limit(request, scope="ambassador"):
        logger.info("ambassador sign-up refused: rate limit party=%s", party.pk)
        return refused_page(request, party, 429, limited=True)
    if request.POST.get("website"):
        logger.info("ambassador sign-up refused: honeypot party=%s", party.pk)
        return refused_page(request, party, 200)
    form = AmbassadorSignUpForm(request.POST)
    started = read_form_started(request.POST.get("started", ""))
    if started is None or started.elapsed < settings.INFLYTT_INTAKE_MIN_FILL_SECONDS:
        form.is_valid()
        form.add_error(None, translation.gettext("Please check your answers and send the form again."))
        return _render_sign_up(request, form, party, status=400)
    if not form.is_valid():
        return _render_sign_up(request, form, party, status=400)
    if abuse.claim_submission(started.nonce) is None:
        data = {key: value for key, value in form.cleaned_data.items() if key not in {"consent", "website"}}
        try:
            services.register_ambassador(data=data, language=lang, form_label=f"web:{request.path}")
        except BaseException:
            abuse.release_submission(started.nonce)
            raise
        abuse.finish_submission(started.nonce, "done")
    response = redirect("networks:sign_up_thanks", lang=lang, slug=party.slug)
    response.status_code = 303
    return framable_by(response, party)


@public
@require_GET
def sign_up_thanks(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    party = form_party(slug)
    return framable_by(render(request, "networks/public/thanks.html", {"party": party}), party)


def _directory_party(request: HttpRequest) -> Party | None:
    slug = request.GET.get("municipality", "")[:40]
    if not slug:
        return None
    party = municipalities().filter(slug=slug).first()
    if party is None:
        raise Http404
    return party


@public
@require_GET
def coworking_directory(request: HttpRequest, lang: str) -> HttpResponse:
    """The active spaces per municipality, for the portal and the municipalities' sites to embed
    (any site may frame it: it holds no personal data)."""
    party = _directory_party(request)
    spaces = list(selectors.directory(party=party))
    groups: dict[str, list] = {}
    for space in spaces:
        groups.setdefault(space.party.name, []).append(space)
    response = render(
        request,
        "networks/public/directory.html",
        {"groups": groups, "party": party, "municipalities": municipalities()},
    )
    response._csp_replace = {"frame-ancestors": ["*"]}  # type: ignore[attr-defined]
    response.xframe_options_exempt = True
    patch_cache_control(response, public=True, max_age=DIRECTORY_MAX_AGE)
    return response


@public
@require_http_methods(["GET", "POST"])
def ambassador_rsvp(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """An ambassador's answer to an invitation, through the signed link in their mail: it names
    the invitation, the ambassador and the event, and answers only that invitation."""
    link = read_rsvp_token(token)
    invitation = (
        AmbassadorInvitation.objects.select_related("event", "event__municipality", "ambassador")
        .filter(pk=link.invitation_id, ambassador_id=link.ambassador_id, event_id=link.event_id)
        .first()
        if link
        else None
    )
    if invitation is None:
        return render(request, "mailings/public/link_invalid.html", {}, status=404)
    event = invitation.event
    context: dict[str, Any] = {"event": event, "invitation": invitation}
    if event.starts_at <= timezone.now():
        return render(request, "mailings/public/rsvp_closed.html", context, status=410)
    initial = {"coming": "yes" if invitation.answer == "yes" else ("no" if invitation.answer else "")}
    form = AmbassadorRSVPForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        invitation = services.answer_ambassador_invitation(invitation=invitation, coming=form.cleaned_data["coming"])
        return render(request, "mailings/public/rsvp_done.html", {**context, "invitation": invitation})
    context["form"] = form
    return render(request, "networks/public/rsvp.html", context, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: the mail client posts without a form; the signed token is the proof
@public
@require_http_methods(["GET", "POST"])
def ambassador_unsubscribe(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """No more invitations for the ambassador the link names, and only if it came in an
    invitation to that ambassador. GET shows one button; only a POST acts (a mail scanner that
    follows links declines nothing)."""
    link = read_unsubscribe_token(token)
    invitation = (
        AmbassadorInvitation.objects.select_related("ambassador").filter(pk=link[1], ambassador_id=link[0]).first()
        if link
        else None
    )
    if invitation is None:
        return render(request, "mailings/public/link_invalid.html", {}, status=404)
    ambassador = invitation.ambassador
    if request.method == "POST":
        ambassador = services.decline_invitations(ambassador=ambassador)
    declined = ambassador.invitations_declined_at is not None
    return render(request, "networks/public/unsubscribe.html", {"declined": declined})
