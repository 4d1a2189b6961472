from __future__ import annotations

from django.contrib import admin

from inflytt.guidance.models import MessageTemplate


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "subject", "is_active"]
    list_filter = ["language", "is_active"]
