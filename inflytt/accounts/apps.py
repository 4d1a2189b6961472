from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inflytt.accounts"
    label = "accounts"

    def ready(self) -> None:
        from inflytt.accounts import signals  # noqa: F401
