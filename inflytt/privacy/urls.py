from __future__ import annotations

from django.urls import path

from inflytt.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("retention/", views.retention, name="retention"),
    path("retention/<int:pk>/", views.retention_run, name="retention_run"),
    path("retention/<int:pk>/start/", views.retention_start, name="retention_start"),
    path("retention/<int:pk>/resume/", views.retention_resume, name="retention_resume"),
    path("review/", views.review_progress, name="review_progress"),
    path("review/<slug:slug>/", views.review, name="review"),
    path("person/", views.person_lookup, name="person_lookup"),
    path("person/<int:pk>/", views.person, name="person"),
    path("person/<int:pk>/export.json", views.person_export_json, name="person_json"),
    path("person/<int:pk>/export.pdf", views.person_export_pdf, name="person_pdf"),
    path("person/<int:pk>/erase/", views.erase, name="erase"),
    path("person/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
