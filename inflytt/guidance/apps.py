from __future__ import annotations

from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "inflytt.guidance"
    label = "guidance"
