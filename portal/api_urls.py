"""REST endpoints of the online hall, under /api/v1/portal/."""

from django.urls import path

from approvals import actions
from portal import services
from portal.api import views

_CHOOSE_DELIVERY = actions.get("choose-delivery")

urlpatterns = [
    path("portal/register/", views.RegisterView.as_view(), name="portal-api-register"),
    path("portal/cases/", views.MyCasesView.as_view(), name="portal-api-cases"),
    path("portal/cases/<str:number>/", views.CaseDetailView.as_view(), name="portal-api-case"),
    path("portal/cases/<str:number>/materials/", views.CaseMaterialView.as_view(), name="portal-api-materials"),
    path(
        "portal/cases/<str:number>/submit/",
        views.CaseActionView.as_view(row=actions.get("submit"), service=services.application_submit),
        name="portal-api-submit",
    ),
    path(
        "portal/cases/<str:number>/supplement/",
        views.CaseActionView.as_view(row=actions.get("supplement"), service=services.application_supplement),
        name="portal-api-supplement",
    ),
    path(
        "portal/cases/<str:number>/withdraw/",
        views.CaseActionView.as_view(row=actions.get("withdraw"), service=services.application_withdraw),
        name="portal-api-withdraw",
    ),
    path(
        "portal/cases/<str:number>/delivery/",
        views.CaseActionView.as_view(row=_CHOOSE_DELIVERY, service=_CHOOSE_DELIVERY.service),
        name="portal-api-delivery",
    ),
    path("portal/cases/<str:number>/certificate/", views.CertificateView.as_view(), name="portal-api-certificate"),
    path("portal/library/", views.LibraryView.as_view(), name="portal-api-library"),
    path("portal/progress/", views.ProgressView.as_view(), name="portal-api-progress"),
    path("portal/verify/<str:code>/", views.VerifyView.as_view(), name="portal-api-verify"),
]
