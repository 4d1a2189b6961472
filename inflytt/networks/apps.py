from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "inflytt.networks"
    label = "networks"

    def ready(self) -> None:
        # Imported here, not at the top: an app's modules load only once the app registry is
        # ready, and AppConfig.ready is Django's place for start-up wiring (ADR 0012's registries).
        # The contact card (a lower app) shows a networks panel through its registry.
        from inflytt.contacts.cards import register_card_panel
        from inflytt.networks.card import networks_panel

        register_card_panel(networks_panel)

        # The coordinator's embed page (inflytt.intake) offers the sign-up form's code too.
        from inflytt.intake.embedding import EmbeddableForm, register_embeddable_form

        register_embeddable_form(
            EmbeddableForm(
                key="ambassador",
                heading=_("Embedding the place ambassador sign-up form"),
                region_url="networks:sign_up",
                party_url="networks:party_sign_up",
                title=_("Become a place ambassador: %(party)s"),
                code_label=_("Place ambassador sign-up, code for %(party)s"),
            )
        )
