from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "inflytt.intake"
    label = "intake"

    def ready(self) -> None:
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
