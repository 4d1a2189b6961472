from __future__ import annotations

from django.urls import path

from inflytt.contacts import merge_views, views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("export.<str:fmt>", views.contact_export, name="export"),
    path("views/", views.save_view, name="save_view"),
    path("views/<int:pk>/delete/", views.delete_view, name="delete_view"),
    path("new/", views.contact_create, name="create"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/activities/", views.contact_add_activity, name="add_activity"),
    path("duplicates/", merge_views.duplicate_list, name="duplicates"),
    path("duplicates/<int:pk>/dismiss/", merge_views.dismiss_duplicate, name="dismiss_duplicate"),
    path("<int:pk>/merge/<int:other>/", merge_views.merge_screen, name="merge"),
]
