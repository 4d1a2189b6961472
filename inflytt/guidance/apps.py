from __future__ import annotations

from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "inflytt.guidance"
    label = "guidance"

    def ready(self) -> None:
        # The contact card (a lower app) shows the mail panel through its registry.
        from inflytt.contacts.cards import register_card_panel
        from inflytt.guidance.card import mail_panel

        register_card_panel(mail_panel)
