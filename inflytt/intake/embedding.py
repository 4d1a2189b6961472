"""What every embeddable public form shares: the language-from-URL decorator, the frame rules, the
party of the form, the neutral page a refused post gets, the copy-paste embed code, and the
registry of forms the coordinator's embed page offers.

The registration form (this app) and the forms of higher apps (the place ambassador sign-up in
inflytt.networks) use these, so the defences of docs/decisions/0003-public-form-csrf.md have one
definition. A higher app adds its form to the embed page with `register_embeddable_form` from
its AppConfig.ready(); this app never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from csp.constants import SELF
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.html import escape

from inflytt.parties.models import Party
from inflytt.parties.selectors import ActiveParties, active_parties


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for the public in the language of its URL (/sv/..., /en/...): no cookie needed,
    which an embedded form in another site's page would not get."""

    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            other = "en" if lang == "sv" else "sv"
            query = request.GET.urlencode()
            request.intake_switch = {  # type: ignore[attr-defined]
                "code": other,
                "url": f"/{other}/{request.path[4:]}" + (f"?{query}" if query else ""),
            }
            response = view(request, lang, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response.headers["Content-Language"] = lang
        return response

    return login_not_required(wrapper)


def framable_by(response: HttpResponse, party: Party) -> HttpResponse:
    """Only the party's listed origins (and we ourselves) may frame this page; every other page
    keeps frame-ancestors 'none' and X-Frame-Options DENY."""
    response._csp_replace = {"frame-ancestors": [SELF, *party.embed_origin_list()]}  # type: ignore[attr-defined]
    response.xframe_options_exempt = True
    add_never_cache_headers(response)
    return response


def form_party(slug: str | None, *, parties: ActiveParties | None = None) -> Party:
    """The active party whose form this is (the region's without a slug); 404 for any other.
    `parties`: the active parties when the caller has read them already (no query then)."""
    if parties is not None:
        found = parties.by_slug(slug) if slug else parties.region
        if found is None:
            raise Http404
        return found
    queryset = active_parties()
    party = queryset.filter(slug=slug).first() if slug else queryset.filter(kind=Party.Kind.REGION).first()
    if party is None:
        raise Http404
    return party


def refused_page(request: HttpRequest, party: Party, status: int, *, limited: bool = False) -> HttpResponse:
    """What a refused post gets: a plain page that tells a bot nothing and a person what to do."""
    response = render(request, "intake/refused.html", {"party": party, "limited": limited}, status=status)
    return framable_by(response, party)


def embed_snippet(*, form_url: str, script_url: str, title: str) -> str:
    """The copy-paste code for a party's site: the frame, and our script that fits its height."""
    return (
        f'<iframe src="{form_url}" title="{escape(title)}" data-inflytt-form '
        f'style="width:100%;height:1800px;border:0" loading="lazy"></iframe>\n'
        f'<script src="{script_url}" async></script>'
    )


@dataclass(frozen=True)
class EmbeddableForm:
    """A public form the coordinator can embed. `region_url` and `party_url` are URL names taking
    `lang` (and `slug` for the party's); `title` (the frame's accessible name) and `code_label` (the
    label of the code's text box) are format strings with %(party)s."""

    key: str
    heading: str | Promise
    region_url: str
    party_url: str
    title: str | Promise
    code_label: str | Promise

    def path(self, party: Party, *, lang: str = "sv") -> str:
        if party.is_region:
            return reverse(self.region_url, kwargs={"lang": lang})
        return reverse(self.party_url, kwargs={"lang": lang, "slug": party.slug})

    def frame_title(self, party: Party) -> str:
        return str(self.title) % {"party": party.name}

    def label(self, party: Party) -> str:
        return str(self.code_label) % {"party": party.name}


_FORMS: dict[str, EmbeddableForm] = {}


def register_embeddable_form(form: EmbeddableForm) -> None:
    """Add a form to the coordinator's embed page (idempotent: registering a key again replaces it)."""
    _FORMS[form.key] = form


def embeddable_forms() -> list[EmbeddableForm]:
    """In the order they were registered: the registration form first."""
    return list(_FORMS.values())
