from django.urls import path

from fees import views

app_name = "fees"

urlpatterns = [
    path("workbench/fees/", views.desk, name="desk"),
    path("workbench/fees/cases/<str:number>/", views.case_fees, name="case"),
    path("workbench/fees/receipts/<str:number>/refund/", views.refund, name="refund"),
    path("fees/receipts/<str:number>/", views.receipt, name="receipt"),
    path("online/fees/<str:number>/", views.online_pay, name="online"),
]
