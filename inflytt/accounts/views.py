from __future__ import annotations

from typing import Any

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from inflytt.accounts import mfa, selectors, services, signals
from inflytt.accounts.forms import InviteForm, PasswordResetRequestForm, StaffForm
from inflytt.accounts.middleware import mfa_not_required
from inflytt.accounts.permissions import coordinator_required
from inflytt.lib.cache import RETRY_AFTER_SECONDS, GuardUnavailable
from inflytt.lib.http import client_ip

WRONG_CODE = gettext_lazy("The code is not valid. Check the time on your phone and enter the newest code.")


class LoginForm(AuthenticationForm):
    error_messages = {
        # The same words whether or not the account exists.
        "invalid_login": gettext_lazy("The email address or password is wrong. Both are case sensitive."),
        "inactive": gettext_lazy("The email address or password is wrong. Both are case sensitive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("Email address")
        self.fields["username"].widget.attrs.update(autocomplete="username", type="email")


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=10,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@mfa_not_required
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


login_view = login_not_required(LoginView.as_view())
logout_view = mfa_not_required(auth_views.LogoutView.as_view())


def _announce(request: HttpRequest, action: str, detail: dict[str, Any]) -> None:
    signals.account_event.send(sender=HttpRequest, action=action, request=request, detail=detail)


def _second_factor_accepted(request: HttpRequest, device: Any, how: str) -> None:
    """The login is complete only now: the session is verified, gets a new id (as at the password
    step, so an id seen before the second factor is worth nothing after it) and "login" is audited."""
    django_otp.login(request, device)
    request.session.cycle_key()
    _announce(request, signals.LOGIN, {"second_factor": how})


@mfa_not_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """First login: enrol an authenticator app with a QR code, then show the recovery codes once."""
    user = request.user
    if mfa.has_confirmed_device(user) and not request.user.is_verified():  # type: ignore[arg-type, union-attr]
        return redirect("accounts:mfa_verify")
    device = mfa.pending_totp_device(user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            codes = mfa.confirm_totp(user, device)  # type: ignore[arg-type]
            _second_factor_accepted(request, device, "enrolled")
            _announce(request, signals.MFA, {"change": "enrolled"})
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        _announce(request, signals.MFA_FAILED, {"second_factor": "enrolment"})
        form.add_error("otp_token", WRONG_CODE)
    return render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, "qr_svg": mfa.qr_svg(device), "secret": device.bin_key.hex()},
        status=400 if form.errors else 200,
    )


@mfa_not_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second factor at login: a TOTP code (each works once) or a recovery code."""
    if not mfa.has_confirmed_device(request.user):  # type: ignore[arg-type]
        return redirect("accounts:mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["otp_token"].strip())
        if device is not None:
            recovery = isinstance(device, StaticDevice)
            _second_factor_accepted(request, device, "recovery_code" if recovery else "totp")
            if recovery:
                messages.warning(request, _("You used a recovery code. Each code works once."))
            return redirect("core:home")
        _announce(request, signals.MFA_FAILED, {"second_factor": "verify"})
        form.add_error("otp_token", WRONG_CODE)
    return render(request, "accounts/mfa_verify.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def users(request: HttpRequest) -> HttpResponse:
    """Staff accounts without the raw admin: the list, and an invitation by mail."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.invite_user(**form.cleaned_data, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(
            request, _("%(email)s was invited: the mail has a link to choose a password.") % {"email": user.email}
        )
        return redirect("accounts:users")
    return render(
        request,
        "accounts/users.html",
        {"form": form, "staff": selectors.staff_list()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(selectors.staff(), pk=pk)
    form = StaffForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        if account == request.user and (
            form.cleaned_data["role"] != account.role or not form.cleaned_data["is_active"]
        ):
            form.add_error(None, _("You cannot change your own role or deactivate yourself."))
        else:
            account = selectors.staff().get(pk=pk)
            services.update_staff(user=account, changes=form.cleaned_data, acting_user=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The account was saved."))
            return redirect("accounts:users")
    return render(
        request, "accounts/user_edit.html", {"form": form, "account": account}, status=400 if form.errors else 200
    )


@require_POST
@coordinator_required
def user_reset_mfa(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(selectors.staff(), pk=pk)
    services.reset_mfa(user=account, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Two-factor login was reset: the person sets up the app again at the next login."))
    return redirect("accounts:user_edit", pk=account.pk)


@login_not_required
@mfa_not_required
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """A forgotten password: the same answer whether or not the address has an account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            allowed = services.reset_allowed(email=email, client=client_ip(request))
        except GuardUnavailable:
            # docs/decisions/0014: fail closed, nothing is mailed; the person tries again later.
            response = render(request, "accounts/password_reset.html", {"form": form, "unavailable": True}, status=503)
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        if allowed:
            services.request_password_reset(email=email)
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form}, status=400 if form.errors else 200)


@mfa_not_required
class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link of an invitation or a reset: choose a password, then log in (and enrol MFA)."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Log in with it."))
        return response


set_password = login_not_required(SetPasswordView.as_view())
