from __future__ import annotations

from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "inflytt.mailings"
    label = "mailings"

    def ready(self) -> None:
        # Imported here, not at the top: an app's modules load only once the app registry is
        # ready, and AppConfig.ready is Django's place for start-up wiring (ADR 0012's registries).
        # A bounce guidance reads from the mailbox marks the address as a refused delivery does.
        from inflytt.contacts.hooks import on_address_bounced
        from inflytt.mailings.delivery import mark_bouncing

        on_address_bounced(mark_bouncing)
