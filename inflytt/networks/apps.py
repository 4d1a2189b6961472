from __future__ import annotations

from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "inflytt.networks"
    label = "networks"

    def ready(self) -> None:
        # The contact card (a lower app) shows a networks panel through its registry.
        from inflytt.contacts.cards import register_card_panel
        from inflytt.networks.card import networks_panel

        register_card_panel(networks_panel)
