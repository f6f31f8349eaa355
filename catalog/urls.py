from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("guide/", views.guide_list, name="guide-list"),
    path("guide/chains/", views.chain_index, name="chain-list"),
    path("guide/chains/<slug:code>/", views.chain_detail, name="chain-detail"),
    path("guide/<str:code>/", views.guide_detail, name="guide-detail"),
    path(
        "guide/<str:code>/materials/<int:pk>/template/",
        views.material_file,
        {"which": "template"},
        name="material-template",
    ),
    path(
        "guide/<str:code>/materials/<int:pk>/sample/",
        views.material_file,
        {"which": "sample"},
        name="material-sample",
    ),
]
