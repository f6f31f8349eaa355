"""The staff workbenches (included by approvals/urls.py under the "approvals" namespace)."""

from django.urls import path

from approvals.workbench import views_case, views_delivery, views_desk, views_inbox, views_landing, views_search

urlpatterns = [
    path("workbench/", views_landing.workbench, name="workbench"),
    path("workbench/desk/", views_desk.desk, name="desk"),
    path("workbench/search/", views_search.search, name="search"),
    path("workbench/desk/items/", views_desk.item_picker, name="item-picker"),
    path("workbench/id-check/", views_case.id_check, name="id-check"),
    path("workbench/inbox/", views_inbox.inbox, name="inbox"),
    path("workbench/delivery/", views_delivery.delivery, name="delivery"),
    path("workbench/cases/<str:number>/", views_case.case_page, name="case"),
    path("workbench/cases/<str:number>/materials/", views_case.case_material, name="case-material"),
    path(
        "workbench/cases/<str:number>/materials/all-paper/",
        views_case.case_materials_all_paper,
        name="case-materials-all-paper",
    ),
    path(
        "workbench/cases/<str:number>/materials/<int:requirement_id>/file/",
        views_case.material_file,
        name="material-file",
    ),
    path("workbench/cases/<str:number>/<slug:action>/", views_case.case_action, name="case-action"),
]
