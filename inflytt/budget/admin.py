from __future__ import annotations

from django.contrib import admin

from inflytt.budget.models import Area, BudgetLine, BudgetYear, CostKeyEntry, Outcome


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


class CostKeyInline(admin.TabularInline):
    model = CostKeyEntry
    extra = 0


@admin.register(BudgetYear)
class BudgetYearAdmin(admin.ModelAdmin):
    list_display = ["year", "status", "hourly_rate", "carry_over_personnel", "carry_over_activities"]
    inlines = [CostKeyInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["description", "budget_year", "area", "kind", "hours", "amount", "payer_rule", "payer"]
    list_filter = ["budget_year", "area", "payer_rule"]
    list_select_related = ["budget_year", "area", "payer"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["budget_year", "area", "quarter", "amount"]
    list_filter = ["budget_year", "area", "quarter"]
    list_select_related = ["budget_year", "area"]
