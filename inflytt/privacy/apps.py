from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "inflytt.privacy"
    label = "privacy"

    def ready(self) -> None:
        # Intake and mailings end subscriptions; what that means for the card is privacy's rule.
        from inflytt.contacts.hooks import on_newsletter_ended
        from inflytt.privacy.services import on_unsubscribed

        on_newsletter_ended(on_unsubscribed)
