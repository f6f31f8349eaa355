from django.urls import path

from chains import api

urlpatterns = [
    path("chain-applications/", api.ChainApplicationListCreate.as_view(), name="api-chain-applications"),
    path("chain-applications/<str:number>/", api.ChainApplicationDetail.as_view(), name="api-chain-application"),
    path(
        "chain-applications/<str:number>/deliver/",
        api.ChainApplicationDeliver.as_view(),
        name="api-chain-application-deliver",
    ),
    path("chain-materials/<slug:code>/", api.ChainMaterials.as_view(), name="api-chain-materials"),
]
