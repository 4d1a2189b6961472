from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "inflytt.privacy"
    label = "privacy"

    def ready(self) -> None:
        # Imported here, not at the top: an app's modules load only once the app registry is
        # ready, and AppConfig.ready is Django's place for start-up wiring (ADR 0012's registries).
        # Intake and mailings end subscriptions; what that means for the card is privacy's rule.
        from inflytt.contacts.hooks import on_newsletter_ended
        from inflytt.privacy.services import on_unsubscribed

        on_newsletter_ended(on_unsubscribed)
