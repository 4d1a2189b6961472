from __future__ import annotations

from django.urls import path

from inflytt.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("settings/branding/", views.branding_settings, name="branding"),
    path("branding.css", views.branding_css, name="branding_css"),
    path("branding/logo.png", views.branding_logo, name="branding_logo"),
]
