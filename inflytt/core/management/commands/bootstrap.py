from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from inflytt.accounts.services import ensure_first_coordinator


class Command(BaseCommand):
    help = (
        "Prepare a deployment: migrate, load the reference data, create the first coordinator "
        "(INFLYTT_ADMIN_EMAIL / INFLYTT_ADMIN_PASSWORD, or a generated password printed once), "
        "and with --demo load synthetic demo data. Safe to run at every start."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also load synthetic demo contacts.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data")
        call_command("load_budget_reference")
        user, generated = ensure_first_coordinator(
            email=os.environ.get("INFLYTT_ADMIN_EMAIL"), password=os.environ.get("INFLYTT_ADMIN_PASSWORD")
        )
        if user is not None:
            self.stdout.write(self.style.SUCCESS(f"First coordinator created: {user.email}"))
            if generated:
                self.stdout.write(self.style.WARNING(f"Password (shown only now): {generated}"))
        if options["demo"]:
            call_command("load_demo_data")
            call_command("load_networks_demo_data")
