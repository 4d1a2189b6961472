from __future__ import annotations

from django.urls import path

from inflytt.audit import views

app_name = "audit"

# Mounted at /privacy/audit/, where the viewer has always been.
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.csv", views.audit_log_csv, name="log_csv"),
]
