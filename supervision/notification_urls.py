"""In-app notifications (included by supervision/urls.py under the "supervision" namespace)."""

from django.urls import path

from supervision import views_notifications

urlpatterns = [
    path("notifications/", views_notifications.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views_notifications.notification_read, name="notification-read"),
]
