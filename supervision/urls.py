"""Pages of supervision: the supervisor board and the in-app notifications."""

from django.urls import include, path

app_name = "supervision"

urlpatterns = [
    path("", include("supervision.board_urls")),
    path("", include("supervision.notification_urls")),
]
