from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "inflytt.audit"
    label = "audit"

    def ready(self) -> None:
        # Imported here, not at the top: an app's modules load only once the app registry is
        # ready, and AppConfig.ready is Django's place for start-up wiring (ADR 0012's registries).
        from inflytt.audit import receivers  # noqa: F401 - connects the signal receivers
