"""/api/v1/ endpoints of supervision: 电子监察 (the urge action is a row of approvals.actions)."""

from django.urls import path

from supervision import monitoring_api

urlpatterns = [
    path("monitoring/findings/", monitoring_api.FindingListView.as_view(), name="monitoring-findings"),
    path("monitoring/findings/<str:pk>/explain/", monitoring_api.FindingExplainView.as_view()),
    path("monitoring/findings/<str:pk>/review/", monitoring_api.FindingReviewView.as_view()),
    path("monitoring/tallies/", monitoring_api.TalliesView.as_view(), name="monitoring-tallies"),
]
