from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("stats/", views.figures_page, name="figures"),
    path("stats/export.xlsx", views.figures_export, name="figures-export"),
]
