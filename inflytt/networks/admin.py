from __future__ import annotations

from django.contrib import admin

from inflytt.networks.models import CompaniesGoal


@admin.register(CompaniesGoal)
class CompaniesGoalAdmin(admin.ModelAdmin):
    """The goal for companies that found staff, editable per year by coordinators."""

    list_display = ["year", "target"]
