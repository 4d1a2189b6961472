from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inflytt.contacts.demo import DEMO_DOMAIN, DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Load synthetic demo households and one demo guide per party (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        added = load_demo_data(households=options["households"])
        self.stdout.write(f"Demo data: {added} households added.")
        self.stdout.write(
            f"Demo guides: guide.<party>@{DEMO_DOMAIN} (e.g. guide.bracke@{DEMO_DOMAIN}), password {DEMO_PASSWORD}"
        )
