from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.accounts import mfa, signals
from inflytt.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "party", "role", "is_active", "last_login"]
    list_filter = ["party", "role", "is_active"]
    list_select_related = ["party"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "signature")}),
        (_("Role"), {"fields": ("party", "role", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "party", "role", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_mfa"]

    @admin.action(description=_("Reset MFA (the user enrols again at next login)"))
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            mfa.reset_mfa(user)
            _announce(request, signals.MFA, user, {"change": "reset", "user_id": user.pk})
        messages.success(request, _("MFA was reset for %(count)d users.") % {"count": queryset.count()})

    # Every change to a staff account is audited: who gave whom which role and party, set a
    # password, or deleted an account. Codes and ids only; a deleted account keeps its label.

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        detail: dict[str, Any] = {"fields": sorted(form.changed_data)}
        if not change:
            detail.update(role=obj.role, party=obj.party_id)
        for name, now in (("role", obj.role), ("party", obj.party_id), ("is_active", obj.is_active)):
            if change and name in form.changed_data:
                detail[name] = [form.initial.get(name), now]
        _announce(request, signals.EDIT if change else signals.CREATE, obj, detail)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            _announce(request, signals.EDIT, user, {"fields": ["password"]})
        return response

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        _announce_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            _announce_deletion(request, user)
        super().delete_queryset(request, queryset)


def _announce(request: HttpRequest, action: str, user: User | None, detail: dict[str, Any]) -> None:
    signals.account_event.send(sender=User, action=action, request=request, obj=user, detail=detail)


def _announce_deletion(request: HttpRequest, user: User) -> None:
    detail = {"label": user.audit_label, "role": user.role, "party": user.party_id}
    _announce(request, signals.DELETE, user, detail)


# A user's authenticator secret, its QR code and the recovery codes are the user's alone: the
# admins django-otp registers would show and change them to any coordinator. The only operation
# on another user's second factor is the audited "Reset MFA" above.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
