"""manage.py create_api_token --party bracke --name "Bräcke webb" [--scope reports]: prints the token as its
last line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inflytt.intake.models import ApiToken
from inflytt.intake.services import issue_api_token
from inflytt.parties.models import Party


class Command(BaseCommand):
    help = "Make an API token for one party. Only its digest is stored: copy the token from the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--party", required=True, help="the party's slug, e.g. bracke")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. the website")
        parser.add_argument(
            "--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.REGISTRATIONS, help="what it may do"
        )

    def handle(self, *args: Any, party: str, name: str, scope: str, **options: Any) -> None:
        found = Party.objects.filter(slug=party, is_active=True).first()
        if found is None:
            raise CommandError(f"No active party with the slug {party!r}.")
        if not name.strip() or len(name) > 100:
            raise CommandError("The name must be 1 to 100 characters.")
        token, raw = issue_api_token(party=found, name=name.strip(), scope=scope)
        self.stderr.write(f"Token {token.prefix}… for {found.slug} ({token.name}); it is not shown again:")
        self.stdout.write(raw)
