"""/api/v1/cases/… (DESIGN.md §8)."""

from django.urls import path

from approvals.api import views

urlpatterns = [
    path("cases/", views.CaseListCreateView.as_view(), name="case-list"),
    path("cases/<str:number>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<str:number>/events/", views.CaseEventsView.as_view(), name="case-events"),
    path("cases/<str:number>/materials/", views.CaseMaterialsView.as_view(), name="case-materials"),
    *[
        path(f"cases/<str:number>/{name}/", view.as_view(), name=f"case-{name}")
        for name, view in views.ACTION_VIEWS.items()
    ],
]
