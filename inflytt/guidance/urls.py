from __future__ import annotations

from django.urls import path

from inflytt.guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.queues, name="queues"),
    path("queue/<slug:name>/", views.queue_list, name="queue"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:secret>/follow-ups.ics", views.calendar_feed, name="calendar_feed"),
    path("contacts/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("contacts/<int:pk>/assign/", views.assign, name="assign"),
    path("contacts/<int:pk>/status/", views.change_status, name="status"),
    path("contacts/<int:pk>/email/", views.send_email, name="email"),
]
urlpatterns += [
    path("inbound/", views.inbound_list, name="inbound"),
    path("inbound/<int:pk>/", views.inbound_mail, name="inbound_mail"),
    path("inbound/<int:pk>/discard/", views.inbound_discard, name="inbound_discard"),
    path("mail/<int:pk>/", views.received_mail, name="received_mail"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
