from __future__ import annotations

from django.urls import path, re_path

from inflytt.intake import views
from inflytt.intake.importer import views as import_views

app_name = "intake"

LANG = r"(?P<lang>sv|en)"

urlpatterns = [
    re_path(rf"^{LANG}/form/$", views.registration_form, name="form"),
    re_path(rf"^{LANG}/form/thanks/(?P<token>[^/]{{1,400}})/$", views.thanks, name="thanks"),
    re_path(rf"^{LANG}/form/(?P<slug>[-a-z0-9]{{1,40}})/$", views.registration_form, name="party_form"),
    re_path(
        rf"^{LANG}/newsletter/confirm/(?P<token>[^/]{{1,200}})/$", views.newsletter_confirm, name="newsletter_confirm"
    ),
    re_path(rf"^{LANG}/magazine/confirm/(?P<token>[^/]{{1,300}})/$", views.magazine_confirm, name="magazine_confirm"),
    re_path(rf"^{LANG}/me/(?P<token>[^/]{{1,300}})/$", views.selfservice, name="selfservice"),
    re_path(rf"^{LANG}/privacy/$", views.privacy_notice, name="privacy"),
    re_path(rf"^{LANG}/accessibility/$", views.accessibility_statement, name="accessibility"),
    path("intake/embed/", views.embed, name="embed"),
    path("intake/tokens/", views.token_create, name="token_create"),
    path("intake/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("intake/import/", import_views.upload, name="import"),
    path("intake/import/<int:pk>/", import_views.job_detail, name="import_job"),
]
