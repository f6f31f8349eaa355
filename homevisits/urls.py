from django.urls import path

from homevisits import views

app_name = "homevisits"

urlpatterns = [
    path("workbench/home-visits/", views.visit_list, name="list"),
    path("workbench/home-visits/<str:pk>/", views.visit_detail, name="detail"),
    path("online/home-visits/", views.my_visits, name="mine"),
]
