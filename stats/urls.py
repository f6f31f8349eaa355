from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("stats/", views.figures_page, name="figures"),
    path("stats/export.xlsx", views.figures_export, name="figures-export"),
    path("stats/report.pdf", views.monthly_report, name="monthly-report"),
    path("stats/screen/", views.lobby_screen, name="screen"),
    path("stats/screen.json", views.lobby_screen_data, name="screen-data"),
]
