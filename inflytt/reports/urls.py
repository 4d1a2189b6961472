from __future__ import annotations

from django.urls import path

from inflytt.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<str:period>/send/", views.send, name="send"),
    path("<str:period>/<slug:scope>/", views.report, name="report"),
    path("<str:period>/<slug:scope>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<str:period>/<slug:scope>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
