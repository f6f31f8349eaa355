"""/api/v1/cases/… (DESIGN.md §8)."""

from django.urls import path

from approvals import actions
from approvals.api import views

urlpatterns = [
    path("cases/", views.CaseListCreateView.as_view(), name="case-list"),
    path("cases/<str:number>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<str:number>/events/", views.CaseEventsView.as_view(), name="case-events"),
    path("cases/<str:number>/materials/", views.CaseMaterialsView.as_view(), name="case-materials"),
    # One endpoint per row of the action table, rows registered by other apps (urge) included.
    *[
        path(f"cases/<str:number>/{row.slug}/", views.CaseActionView.as_view(row=row), name=f"case-{row.slug}")
        for row in actions.rows(on=actions.API)
    ],
]
