from __future__ import annotations

from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "inflytt.mailings"
    label = "mailings"
