from django.urls import path

from network import api

urlpatterns = [
    path("transfers/", api.TransferList.as_view(), name="api-transfers"),
    path("transfers/<int:pk>/", api.TransferDetail.as_view(), name="api-transfer"),
    path("halls/", api.HallTree.as_view(), name="api-halls"),
]
