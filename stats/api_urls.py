from django.urls import path

from stats.api import FiguresView

urlpatterns = [path("stats/figures/", FiguresView.as_view(), name="api-stats-figures")]
