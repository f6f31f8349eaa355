from django.urls import path

from homevisits import api

urlpatterns = [
    path("home-visits/", api.VisitList.as_view(), name="api-home-visits"),
    path("home-visits/<str:pk>/", api.VisitDetail.as_view(), name="api-home-visit"),
    path("home-visits/<str:pk>/assign/", api.VisitAssign.as_view(), name="api-home-visit-assign"),
    path("home-visits/<str:pk>/take-in/", api.VisitTakeIn.as_view(), name="api-home-visit-take-in"),
]
