"""The catalog's part of /api/v1/: items, departments and chains; the work calendar."""

from django.urls import include, path

urlpatterns = [
    path("", include("catalog.api.items_urls")),
    path("", include("catalog.api.calendar_urls")),
]
