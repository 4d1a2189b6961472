from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from inflytt.accounts import mfa
from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event


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
            record_event(
                action=AuditEvent.Action.MFA,
                request=request,
                obj=user,
                detail={"change": "reset", "user_id": user.pk},
            )
        messages.success(request, _("MFA was reset for %(count)d users.") % {"count": queryset.count()})
