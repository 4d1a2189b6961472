from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inflytt.parties.services import load_reference_parties


class Command(BaseCommand):
    help = "Load the region and its municipalities (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = load_reference_parties()
        self.stdout.write(f"Reference data: {created} parties created, {updated} updated.")
