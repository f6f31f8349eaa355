from django.urls import path

from frontoffice import views

app_name = "frontoffice"

urlpatterns = [
    path("workbench/front/enquiries/", views.enquiries, name="enquiries"),
    path("workbench/front/enquiries/figures/", views.enquiry_figures, name="enquiry-figures"),
    path("workbench/front/enquiries/<int:pk>/", views.enquiry, name="enquiry"),
    path("workbench/front/enquiries/<int:pk>/answer/", views.enquiry_answer, name="enquiry-answer"),
    path("workbench/front/enquiries/<int:pk>/hand-on/", views.enquiry_hand_on, name="enquiry-hand-on"),
    path("workbench/front/enquiries/<int:pk>/list/", views.enquiry_give_list, name="enquiry-give-list"),
    path("workbench/front/enquiries/<int:pk>/print/", views.enquiry_print, name="enquiry-print"),
    path("workbench/front/confirmations/", views.confirmations, name="confirmations"),
    path("workbench/front/confirmations/<int:pk>/confirm/", views.confirmation_confirm, name="confirm"),
    path("workbench/front/confirmations/<int:pk>/reject/", views.confirmation_reject, name="reject"),
    path("workbench/front/cases/<str:number>/thread/", views.thread, name="thread"),
    path("workbench/front/cases/<str:number>/bags/", views.bag_create, name="bag-create"),
    path("workbench/front/bags/scan/", views.bag_scan, name="bag-scan"),
    path("workbench/front/bags/<str:code>/sheet/", views.bag_sheet, name="bag-sheet"),
]
