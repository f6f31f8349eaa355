from django.urls import path

from fees import api

urlpatterns = [
    path("fees/charges/", api.ChargeList.as_view(), name="api-fee-charges"),
    path("fees/charges/<str:receipt>/", api.ChargeDetail.as_view(), name="api-fee-charge"),
    path("fees/charges/<str:receipt>/confirm/", api.ChargeConfirm.as_view(), name="api-fee-charge-confirm"),
    path("fees/charges/<str:receipt>/refund/", api.ChargeRefund.as_view(), name="api-fee-charge-refund"),
    path("fees/cases/<str:number>/quote/", api.CaseQuote.as_view(), name="api-fee-quote"),
    path("fees/cases/<str:number>/charges/", api.CaseCharge.as_view(), name="api-fee-case-charges"),
]
