"""Root URLs. Each hall app is found by name: `<app>.urls` for pages and
`<app>.api_urls` for /api/v1/, included when the module exists."""

from importlib.util import find_spec

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from hall import views

admin.site.site_header = settings.HALL_NAME + " · 管理后台"
admin.site.site_title = settings.HALL_NAME
admin.site.index_title = "大厅管理"


def _app_includes(module_suffix):
    return [
        app
        for app in settings.HALL_APPS
        if app != "hall" and find_spec(app) and find_spec(f"{app}.{module_suffix}")
    ]


api_v1 = [path("auth/token/", obtain_auth_token, name="api-token")]
api_v1 += [path("", include(f"{app}.api_urls")) for app in _app_includes("api_urls")]

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", views.healthz, name="healthz"),
]
urlpatterns += [path("", include(f"{app}.urls")) for app in _app_includes("urls")]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
