from django.urls import path

from keyaccounts import views

app_name = "keyaccounts"

urlpatterns = [
    path("workbench/key-accounts/", views.account_list, name="list"),
    path("workbench/key-accounts/window/", views.window_queue, name="window"),
    path("workbench/key-accounts/<str:pk>/", views.account_detail, name="detail"),
]
