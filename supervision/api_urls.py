"""/api/v1/ endpoints of supervision: 督办 (urge) on a case, which also notifies the department."""

from django.urls import path

from supervision.api import CaseUrgeView

urlpatterns = [
    path("cases/<str:number>/urge/", CaseUrgeView.as_view(), name="case-urge"),
]
