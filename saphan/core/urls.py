"""URLs of the shell."""

from django.contrib.auth import views as auth_views
from django.urls import path

from saphan.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="core/password_reset.html",
            email_template_name="core/email/password_reset.txt",
            subject_template_name="core/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("language/", views.language_set, name="language-set"),
    path("office/switch/", views.office_switch, name="office-switch"),
    path("offices/", views.office_list, name="office-list"),
    path("offices/<str:code>/", views.office_detail, name="office-detail"),
    path("offices/<str:code>/edit/", views.office_edit, name="office-edit"),
    path("people/", views.person_list, name="person-list"),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/geography-reload/", views.geography_reload, name="geography-reload"),
    path("jobs/<uuid:job_id>/", views.job_detail, name="job-detail"),
    path("jobs/<uuid:job_id>/cancel/", views.job_cancel, name="job-cancel"),
    path("jobs/<uuid:job_id>/retry/", views.job_retry, name="job-retry"),
    path("me/tokens/", views.token_list, name="token-list"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("geo/districts/", views.geo_districts, name="geo-districts"),
    path("geo/subdistricts/", views.geo_subdistricts, name="geo-subdistricts"),
    path("geo/postal/", views.geo_postal, name="geo-postal"),
    path("healthz", views.healthz, name="healthz"),
]
