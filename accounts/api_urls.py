"""/api/v1/auth/…: tokens (found by name by the root urlconf)."""

from django.urls import path

from accounts import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("auth/logout/", api.LogoutView.as_view(), name="api-logout"),
]
