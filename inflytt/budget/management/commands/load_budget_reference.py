from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inflytt.budget.services import load_budget_reference


class Command(BaseCommand):
    help = "Load the budget areas and the 2025 budget of the reference deployment (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_budget_reference()
        self.stdout.write("Reference budget 2025: " + ("created." if created else "already there, left as it is."))
