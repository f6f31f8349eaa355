"""Printable notices (included by approvals/urls.py under the "approvals" namespace)."""

from django.urls import path

from approvals import views_notices

urlpatterns = [
    path("notices/<str:number>/acceptance/", views_notices.acceptance, name="notice-acceptance"),
    path("notices/<str:number>/supplement/", views_notices.supplement, name="notice-supplement"),
    path("notices/<str:number>/refusal/", views_notices.refusal, name="notice-refusal"),
    path("notices/<str:number>/denial/", views_notices.denial, name="notice-denial"),
    path("notices/<str:number>/receipt/", views_notices.receipt, name="notice-receipt"),
    path("notices/<str:number>/service-receipt/", views_notices.service_receipt, name="notice-service-receipt"),
    path("notices/<str:number>/certificate/", views_notices.certificate, name="notice-certificate"),
]
