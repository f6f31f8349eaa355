from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("network/transfers/", views.transfers, name="transfers"),
]
