from __future__ import annotations

from django.urls import path

from inflytt.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/reset-mfa/", views.user_reset_mfa, name="user_reset_mfa"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("set-password/<uidb64>/<token>/", views.set_password, name="set_password"),
]
