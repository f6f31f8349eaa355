from django.urls import path

from evaluations import api

urlpatterns = [
    path("ratings/", api.RatingList.as_view(), name="api-ratings"),
    path("ratings/exchange/", api.RatingExchange.as_view(), name="api-ratings-exchange"),
    path("evaluation-tickets/", api.TicketList.as_view(), name="api-evaluation-tickets"),
    path("complaints/", api.ComplaintCreate.as_view(), name="api-complaints"),
]
