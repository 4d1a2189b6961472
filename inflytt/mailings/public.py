"""The public pages behind the signed personal links: unsubscribe (RFC 8058) and RSVP.

No login; the person's language from `?lang=` or else their own; the page layout of the public
intake. A forged or altered link gets a plain "not valid" page, never someone else's data. An
expired link (tokens.py), or an unsubscribe link for an earlier subscription, gets a page that
says so and offers the way forward: a new link mailed to the address on the card.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from inflytt.contacts.models import Contact, Language, NewsletterSubscription
from inflytt.mailings import links, services
from inflytt.mailings.calendar import event_ics_response
from inflytt.mailings.forms import RSVPForm
from inflytt.mailings.models import Event, Invitation, Mailing
from inflytt.mailings.selectors import event_figures
from inflytt.mailings.tokens import read_rsvp_token, read_unsubscribe_token

View = Callable[..., HttpResponse]
LANGUAGES = set(Language.values)


def _language(request: HttpRequest, fallback: str | None) -> str:
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return fallback if fallback in LANGUAGES else "sv"


def _render(
    request: HttpRequest, language: str, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render in `language`, with the public layout's link to the other language."""
    other = "en" if language == "sv" else "sv"
    request.intake_switch = {"code": other, "url": f"{request.path}?lang={other}"}  # type: ignore[attr-defined]
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render(request, template, context, status=status)
    response.headers["Content-Language"] = language
    return response


def _invalid(request: HttpRequest) -> HttpResponse:
    return _render(request, _language(request, None), "mailings/public/link_invalid.html", {}, status=404)


def _expired(
    request: HttpRequest,
    *,
    kind: str,
    contact: Contact,
    language: str,
    can_resend: bool,
    event: Event | None = None,
    replaced: bool = False,
) -> HttpResponse:
    """The page of an expired link (410), or of an unsubscribe link for an earlier subscription
    (409). A POST asks for a fresh link by mail (services.send_fresh_link)."""
    if request.method == "POST" and can_resend and request.POST.get("new_link"):
        services.send_fresh_link(kind=kind, contact=contact, language=language, event=event)
        return _render(request, language, "mailings/public/link_sent.html", {})
    days = links.unsubscribe_link_days() if kind == links.FreshLink.UNSUBSCRIBE else links.rsvp_link_days()
    context = {
        "kind": kind,
        "event": event,
        "days": days,
        "replaced": replaced,
        "can_resend": can_resend,
        "mailto": links.unsubscribe_mailto(),
    }
    return _render(request, language, "mailings/public/link_expired.html", context, status=409 if replaced else 410)


def public_page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    return login_not_required(wrapper)


@csrf_exempt  # RFC 8058: the mail client posts without a form; the signed token is the proof
@public_page
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button; only a POST unsubscribes, so a mail scanner that follows links
    unsubscribes nobody. The mail client's one-click POST lands here too."""
    link = read_unsubscribe_token(token, purpose=Mailing.Purpose.NEWSLETTER)
    contact = Contact.objects.select_related("newsletter").filter(pk=link.contact_id).first() if link else None
    if link is None or contact is None:
        return _invalid(request)
    current = getattr(contact, "newsletter", None)
    language = _language(request, current.language if current else contact.language)
    if not link.is_for(current):
        # The person subscribed again since (a new opt-in), or the row is gone: this link ends
        # nothing, and says how to reach the subscription there is now.
        if current is None or not current.is_active:
            return _render(request, language, "mailings/public/unsubscribed.html", {})
        return _expired(
            request, kind=links.FreshLink.UNSUBSCRIBE, contact=contact, language=language, can_resend=True,
            replaced=True,
        )  # fmt: skip
    subscription: NewsletterSubscription = current  # type: ignore[assignment]
    if link.expired and subscription.unsubscribed_at is None:
        return _expired(
            request, kind=links.FreshLink.UNSUBSCRIBE, contact=contact, language=language,
            can_resend=subscription.is_active,
        )  # fmt: skip
    if request.method == "POST":
        services.unsubscribe(subscription=subscription, mailing_id=link.mailing_id)
        return _render(request, language, "mailings/public/unsubscribed.html", {})
    if subscription.unsubscribed_at is not None:
        return _render(request, language, "mailings/public/unsubscribed.html", {})
    return _render(request, language, "mailings/public/unsubscribe.html", {})


@public_page
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    link = read_rsvp_token(token)
    invitation = (
        Invitation.objects.select_related("event", "event__municipality", "contact")
        .filter(event_id=link.event_id, contact_id=link.contact_id)
        .first()
        if link
        else None
    )
    if invitation is None:
        return _invalid(request)
    event: Event = invitation.event
    language = _language(request, invitation.contact.language)
    context: dict[str, Any] = {"event": event, "invitation": invitation}
    if event.starts_at <= timezone.now():
        return _render(request, language, "mailings/public/rsvp_closed.html", context, status=410)
    if link.expired:  # type: ignore[union-attr]
        return _expired(
            request, kind=links.FreshLink.RSVP, contact=invitation.contact, language=language, can_resend=True,
            event=event,
        )  # fmt: skip
    if request.method == "GET" and request.GET.get("format") == "ics":
        return event_ics_response(event, language=language)  # "add to my calendar"
    with translation.override(language):
        initial = {"coming": invitation.answer in ("yes", "waiting") and "yes" or "", "guests": invitation.guests}
        form = RSVPForm(request.POST or None, initial=initial if invitation.answer else {"guests": 0})
        valid = request.method == "POST" and form.is_valid()
    if valid:
        invitation = services.answer_invitation(
            invitation=invitation,
            coming=form.cleaned_data["coming"],
            guests=form.cleaned_data["guests"],
            language=language,
        )
        context.update(invitation=invitation, answered=True)
        return _render(request, language, "mailings/public/rsvp_done.html", context)
    figures = event_figures(event)
    context.update(form=form, places_left=max(event.capacity - figures["places_taken"], 0))
    return _render(request, language, "mailings/public/rsvp.html", context, status=400 if form.errors else 200)
