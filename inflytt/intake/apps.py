from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "inflytt.intake"
    label = "intake"

    def ready(self) -> None:
        # Imported here, not at the top: an app's modules load only once the app registry is
        # ready, and AppConfig.ready is Django's place for start-up wiring (ADR 0012's registries).
        from inflytt.intake.embedding import EmbeddableForm, register_embeddable_form

        register_embeddable_form(
            EmbeddableForm(
                key="registration",
                heading=_("Embedding the registration form"),
                region_url="intake:form",
                party_url="intake:party_form",
                title=_("Registration form: %(party)s"),
                code_label=_("Embed code for %(party)s"),
            )
        )
