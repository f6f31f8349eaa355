"""Sign-in security pages, under /accounts/ beside Django's login and logout."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/2fa/verify/", views.otp_verify, name="otp-verify"),
    path("accounts/2fa/setup/", views.otp_setup, name="otp-setup"),
    path("accounts/2fa/recovery-codes/", views.recovery_codes_regenerate, name="recovery-codes"),
    path("accounts/password/", views.HallPasswordChangeView.as_view(), name="password-change"),
    path("accounts/security/", views.security, name="security"),
    path("accounts/security/sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("accounts/security/sessions/end-others/", views.session_end_others, name="session-end-others"),
    path("accounts/session/keepalive/", views.keepalive, name="keepalive"),
]
