from django.urls import path

from batches import views

app_name = "batches"

urlpatterns = [
    path("workbench/batches/", views.batch_list, name="list"),
    path("workbench/batches/<str:pk>/", views.batch_detail, name="detail"),
    path("workbench/batches/<str:pk>/run/", views.batch_run, name="run"),
    path("workbench/batches/<str:pk>/receipt/", views.batch_receipt, name="receipt"),
]
