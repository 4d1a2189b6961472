"""The coordinator edits the year's goals and the figures from before Inflytt in the admin,
like the other reference data."""

from __future__ import annotations

from django.contrib import admin

from inflytt.reports.models import Baseline, Goal


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["year", "metric", "target"]
    list_filter = ["year", "metric"]
    list_editable = ["target"]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["metric", "start", "end", "value", "source"]
    list_filter = ["metric"]
