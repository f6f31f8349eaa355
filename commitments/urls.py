"""Pages of 告知承诺."""

from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("commitments/", views.commitment_list, name="list"),
    path("commitments/counts/", views.counts_page, name="counts"),
    path("commitments/case/<str:number>/", views.case_page, name="case"),
    path("commitments/case/<str:number>/letter/", views.letter_print, name="letter-print"),
    path("commitments/case/<str:number>/letter.pdf", views.letter_pdf, name="letter-pdf"),
    path("commitments/case/<str:number>/<slug:action>/", views.case_action, name="case-action"),
    path("credit-list/", views.public_list, name="public-list"),
]
