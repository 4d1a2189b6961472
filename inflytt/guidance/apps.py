from __future__ import annotations

from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "inflytt.guidance"
    label = "guidance"

    def ready(self) -> None:
        # Imported here, not at the top: an app's modules load only once the app registry is
        # ready, and AppConfig.ready is Django's place for start-up wiring (ADR 0012's registries).
        # The contact card (a lower app) shows the mail panel through its registry.
        from inflytt.contacts.cards import register_card_panel
        from inflytt.guidance.card import mail_panel

        register_card_panel(mail_panel)

        # The worker learns the mailbox poll, a periodic task kept out of tasks.py (mailbox.py says why).
        from inflytt.guidance import mailbox  # noqa: F401
