from __future__ import annotations

from django.urls import path, re_path

from inflytt.networks import public, views

app_name = "networks"

LANG = r"(?P<lang>sv|en)"

urlpatterns = [
    re_path(rf"^{LANG}/ambassadors/join/$", public.sign_up, name="sign_up"),
    re_path(rf"^{LANG}/ambassadors/join/(?P<slug>[-a-z0-9]{{1,40}})/$", public.sign_up, name="party_sign_up"),
    re_path(
        rf"^{LANG}/ambassadors/join/(?P<slug>[-a-z0-9]{{1,40}})/thanks/$", public.sign_up_thanks, name="sign_up_thanks"
    ),
    re_path(
        rf"^{LANG}/ambassadors/unsubscribe/(?P<token>[-:\w]{{1,300}})/$",
        public.ambassador_unsubscribe,
        name="ambassador_unsubscribe",
    ),
    re_path(rf"^{LANG}/coworking/$", public.coworking_directory, name="directory"),
    re_path(rf"^{LANG}/ambassadors/rsvp/(?P<token>[-:\w]{{1,300}})/$", public.ambassador_rsvp, name="ambassador_rsvp"),
    path("networks/", views.overview, name="overview"),
    path("networks/ambassadors/", views.ambassador_list, name="ambassadors"),
    path("networks/ambassadors/new/", views.ambassador_create, name="ambassador_create"),
    path("networks/ambassadors/<int:pk>/", views.ambassador_detail, name="ambassador"),
    path("networks/ambassadors/<int:pk>/edit/", views.ambassador_edit, name="ambassador_edit"),
    path("networks/ambassadors/<int:pk>/log/", views.ambassador_log, name="ambassador_log"),
    path("networks/events/", views.event_list, name="events"),
    path("networks/events/<int:pk>/", views.event_detail, name="event"),
    path("networks/events/<int:pk>/invite/", views.event_invite, name="event_invite"),
    path("networks/events/<int:pk>/attendance/", views.event_attendance, name="event_attendance"),
    path("networks/coworking/", views.coworking_list, name="coworking"),
    path("networks/coworking/new/", views.coworking_create, name="coworking_create"),
    path("networks/coworking/<int:pk>/edit/", views.coworking_edit, name="coworking_edit"),
    path("networks/employers/", views.employer_list, name="employers"),
    path("networks/employers/new/", views.employer_create, name="employer_create"),
    path("networks/employers/<int:pk>/", views.employer_detail, name="employer"),
    path("networks/employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("networks/employers/<int:pk>/log/", views.employer_log, name="employer_log"),
    path("networks/employers/<int:pk>/needs/new/", views.need_create, name="need_create"),
    path("networks/needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("networks/employers/<int:pk>/contact-persons/new/", views.contact_person_create, name="contact_person_create"),
    path("networks/contact-persons/<int:pk>/edit/", views.contact_person_edit, name="contact_person_edit"),
    path("networks/contact-persons/<int:pk>/delete/", views.contact_person_delete, name="contact_person_delete"),
    path("networks/contacts/<int:pk>/", views.contact_networks, name="contact"),
    path("networks/contacts/<int:pk>/introduce/<int:ambassador_pk>/", views.introduce, name="introduce"),
    path("networks/contacts/<int:pk>/hire/", views.hire_create, name="hire"),
    path("networks/hires/<int:pk>/edit/", views.hire_edit, name="hire_edit"),
    path("networks/hires/<int:pk>/delete/", views.hire_delete, name="hire_delete"),
    path("networks/contacts/<int:pk>/tip/", views.tip, name="tip"),
    path("networks/introductions/<int:pk>/met/", views.introduction_met, name="introduction_met"),
]
