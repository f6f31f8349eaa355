"""/api/v1/ endpoints of supervision: 督办 (urge) on a case, which also notifies the department."""

from django.urls import path

from supervision import monitoring_api
from supervision.api import CaseUrgeView

urlpatterns = [
    path("cases/<str:number>/urge/", CaseUrgeView.as_view(), name="case-urge"),
    path("monitoring/findings/", monitoring_api.FindingListView.as_view(), name="monitoring-findings"),
    path("monitoring/findings/<str:pk>/explain/", monitoring_api.FindingExplainView.as_view()),
    path("monitoring/findings/<str:pk>/review/", monitoring_api.FindingReviewView.as_view()),
    path("monitoring/tallies/", monitoring_api.TalliesView.as_view(), name="monitoring-tallies"),
]
