from django.contrib.auth import views as auth_views
from django.urls import path

from belronde.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", views.logout_view, name="logout"),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("account/profile/", views.profile, name="profile"),
    path("account/tokens/", views.token_create, name="token_create"),
    path("account/tokens/<str:prefix>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/language/", views.set_language, name="set_language"),
    path("account/two-factor/set-up/", views.mfa_enrol, name="mfa_enrol"),
    path("account/two-factor/verify/", views.mfa_verify, name="mfa_verify"),
    path("account/two-factor/remove/", views.mfa_remove, name="mfa_remove"),
    path("c/<slug:chapter>/", views.chapter_home, name="chapter_home"),
]
