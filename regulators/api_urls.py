from django.urls import path

from regulators import api

urlpatterns = [
    path("regulators/handoffs/", api.HandoffList.as_view(), name="api-regulator-handoffs"),
    path("regulators/handoffs/<int:pk>/", api.HandoffDetail.as_view(), name="api-regulator-handoff"),
    path(
        "regulators/handoffs/<int:pk>/acknowledge/",
        api.HandoffAcknowledge.as_view(),
        name="api-regulator-handoff-acknowledge",
    ),
]
