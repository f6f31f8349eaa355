"""A root urlconf with the catalog and no portal, for the "no dead links" test."""

from django.urls import include, path

urlpatterns = [path("", include("catalog.urls"))]
