from __future__ import annotations

from django.urls import path

from inflytt.budget import views

app_name = "budget"

urlpatterns = [
    path("", views.year_list, name="list"),
    path("new/", views.year_create, name="year_create"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/edit/", views.year_edit, name="year_edit"),
    path("<int:year>/cost-key/", views.cost_key_edit, name="cost_key"),
    path("<int:year>/lines/new/", views.line_create, name="line_create"),
    path("<int:year>/lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("<int:year>/lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("<int:year>/outcome/", views.outcome, name="outcome"),
    path("<int:year>/outcome/edit/", views.outcome_edit, name="outcome_edit"),
    path("<int:year>/outcome/import/", views.outcome_import, name="outcome_import"),
    path("<int:year>/invoice/<slug:slug>.xlsx", views.invoice_xlsx, name="invoice_xlsx"),
    path("<int:year>/invoice/<slug:slug>.pdf", views.invoice_pdf, name="invoice_pdf"),
]
