from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from huey.contrib.djhuey import HUEY

from inflytt.accounts.models import Role
from inflytt.accounts.permissions import coordinator_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.core import branding
from inflytt.core.forms import BrandingForm
from inflytt.parties.branding import DEFAULT_COLOUR
from inflytt.parties.branding import current as current_branding
from inflytt.parties.branding import logo_png as branding_logo_png


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.may_see_people:  # type: ignore[union-attr]
        return redirect("guidance:queues")
    if request.user.has_role(Role.STEERING):  # type: ignore[union-attr]
        # Steering's start page is the programme against its goals.
        return redirect("reports:dashboard")
    return render(request, "core/home.html")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise (for load balancers and monitors).

    The cache and the task queue are reported in the body but do not fail the check
    (docs/decisions/0014): without them staff work on and the public form answers a 503 of its
    own, so taking the instance out of the balancer would only make things worse."""
    body = {"status": "ok", "database": "ok", "cache": _probe(_cache_ok), "queue": _probe(_queue_ok)}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({**body, "status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse(body)


def _probe(check: Callable[[], None]) -> str:
    try:
        check()
    except Exception:  # noqa: BLE001 - any failure of a dependency is "unavailable", never a 500
        return "unavailable"
    return "ok"


def _cache_ok() -> None:
    cache.get("healthz")


def _queue_ok() -> None:
    HUEY.pending_count()


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.user.is_authenticated:
        record_event(action=AuditEvent.Action.REFUSED, request=request, detail={"path": request.path[:200]})
    return render(request, "403.html", status=403)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in them. The template is plain.
    return render(request, "500.html", status=500)


@require_http_methods(["GET", "POST"])
@coordinator_required
def branding_settings(request: HttpRequest) -> HttpResponse:
    """The programme's name, logo, colour, sender address and signature: the header, the page
    titles, the mails and the PDFs use them."""
    current = current_branding()
    initial = {field: current[field] for field in ("name", "colour", "sender_email", "signature")}
    # A colour input shows black when empty and would send #000000: start from the colour in use.
    initial["colour"] = current["colour"] or DEFAULT_COLOUR
    form = BrandingForm(request.POST or None, request.FILES or None, initial=initial)
    if not current["logo_version"]:
        del form.fields["remove_logo"]  # nothing to remove
    if request.method == "POST" and form.is_valid():
        branding.update_branding(**form.cleaned_data, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The branding was saved."))
        return redirect("core:branding")
    context = {"form": form, "logo_version": current["logo_version"]}
    return render(request, "core/branding.html", context, status=400 if form.errors else 200)


@login_not_required
@require_GET
def branding_css(request: HttpRequest) -> HttpResponse:
    """The programme's colour as a stylesheet (the CSP allows no inline style)."""
    colour = current_branding()["colour"]
    css = f":root {{ --brand: {colour}; }}\n" if colour else ""
    return HttpResponse(css, content_type="text/css")


@login_not_required
@require_GET
def branding_logo(request: HttpRequest) -> HttpResponse:
    """The programme's logo from our own database (public pages show it too). Its URL carries the
    version, so it may be cached long; a PNG we encoded ourselves, never the upload."""
    logo = branding_logo_png()
    if logo is None:
        raise Http404
    response = HttpResponse(logo, content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
