from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "inflytt.audit"
    label = "audit"

    def ready(self) -> None:
        from inflytt.audit import receivers  # noqa: F401 - connects the signal receivers
