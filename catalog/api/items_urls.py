"""/api/v1/departments/, items/, chains/ (read-only); catalog/import/ and catalog/export/ (hall admins)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from catalog.api.items import CatalogExportView, CatalogImportView, ChainViewSet, DepartmentViewSet, ItemViewSet

router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("items", ItemViewSet, basename="item")
router.register("chains", ChainViewSet, basename="chain")

urlpatterns = [
    path("catalog/import/", CatalogImportView.as_view(), name="catalog-import"),
    path("catalog/export/", CatalogExportView.as_view(), name="catalog-export"),
    *router.urls,
]
