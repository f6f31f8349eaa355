from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("online/messages/", views.inbox, name="inbox"),
    path("online/messages/<int:pk>/read/", views.mark_read, name="mark-read"),
    path("online/messages/read-all/", views.mark_all_read, name="mark-all-read"),
    path("online/messages/preferences/", views.preferences, name="preferences"),
]
