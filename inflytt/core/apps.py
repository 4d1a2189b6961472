from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "inflytt.core"
    label = "core"
    default = True


class InflyttAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "inflytt.core.admin_site.InflyttAdminSite"
