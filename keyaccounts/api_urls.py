from django.urls import path

from keyaccounts import api

urlpatterns = [
    path("key-accounts/", api.AccountList.as_view(), name="api-key-accounts"),
    path("key-accounts/queue/", api.WindowQueue.as_view(), name="api-key-account-queue"),
    path("key-accounts/<str:pk>/follow-ups/", api.AccountFollowUps.as_view(), name="api-key-account-followups"),
]
