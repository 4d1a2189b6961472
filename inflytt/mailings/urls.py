from __future__ import annotations

from django.urls import path

from inflytt.mailings import public, views

app_name = "mailings"

urlpatterns = [
    path("", views.mailing_list, name="list"),
    path("new/", views.mailing_create, name="create"),
    path("<int:pk>/", views.mailing_detail, name="detail"),
    path("<int:pk>/edit/", views.mailing_edit, name="edit"),
    path("<int:pk>/preview/", views.mailing_preview, name="preview"),
    path("<int:pk>/test/", views.mailing_test, name="test"),
    path("<int:pk>/send/", views.mailing_send, name="send"),
    path("<int:pk>/unschedule/", views.mailing_unschedule, name="unschedule"),
    path("body-preview/", views.body_preview, name="body_preview"),
    path("count/", views.recipient_count, name="recipient_count"),
    path("segments/", views.segment_list, name="segments"),
    path("segments/new/", views.segment_create, name="segment_create"),
    path("segments/count/", views.segment_count, name="segment_count"),
    path("segments/<int:pk>/", views.segment_detail, name="segment"),
    path("segments/<int:pk>/edit/", views.segment_edit, name="segment_edit"),
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="event_attendance"),
    path("magazine/", views.magazine, name="magazine"),
    path("magazine/export.<str:fmt>", views.magazine_export, name="magazine_export"),
    path("magazine/sent/", views.magazine_sent, name="magazine_sent"),
    # Public, signed personal links (no login).
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("rsvp/<str:token>/", public.rsvp, name="rsvp"),
]
