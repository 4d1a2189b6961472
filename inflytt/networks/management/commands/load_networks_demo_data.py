from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inflytt.contacts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from inflytt.networks.demo import load_networks


class Command(BaseCommand):
    help = "Load synthetic place ambassadors, coworking spaces and employers, and a demo network manager (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ambassadors", type=int, default=60)
        parser.add_argument("--spaces", type=int, default=30)
        parser.add_argument("--employers", type=int, default=150)

    def handle(self, *args: Any, **options: Any) -> None:
        added = load_networks(
            ambassadors=options["ambassadors"], spaces=options["spaces"], employers=options["employers"]
        )
        self.stdout.write(f"Demo networks: {added} employers added.")
        self.stdout.write(f"Demo network manager: network@{DEMO_DOMAIN}, password {DEMO_PASSWORD}")
