from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from inflytt.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_label", "party", "contact_id", "object_type", "object_id"]
    list_filter = ["action", "party"]
    date_hierarchy = "at"
    list_select_related = ["party"]
    show_full_result_count = False

    # Append-only: the trail can be read, never changed or deleted from the application.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
