from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "inflytt.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Imported here, not at the top: an app's modules load only once the app registry is
        # ready, and AppConfig.ready is Django's place for start-up wiring (ADR 0012's registries).
        # The reports read every app below them; the networks app's figure for the agreement's goal of
        # 200 companies that found staff joins the report through the registry like any other.
        from inflytt.networks.selectors import companies_found_staff_by_party
        from inflytt.reports.registry import ExtraFigure, register

        register(
            ExtraFigure(
                key="companies_found_staff",
                label=_("Companies that found staff"),
                compute=lambda period: companies_found_staff_by_party(start=period.start, end=period.end),
            )
        )
