from django.urls import path

from batches import api

urlpatterns = [
    path("batches/", api.BatchList.as_view(), name="api-batches"),
    path("batches/<str:pk>/", api.BatchDetail.as_view(), name="api-batch"),
    path("batches/<str:pk>/run/", api.BatchRunView.as_view(), name="api-batch-run"),
]
