"""Root URLs. Each hall app is found by name: `<app>.urls` for pages and
`<app>.api_urls` for /api/v1/, included when the module exists."""

from importlib.util import find_spec

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from hall import views

admin.site.site_header = settings.HALL_NAME + " · 管理后台"
admin.site.site_title = settings.HALL_NAME
admin.site.index_title = "大厅管理"


def _app_includes(module_suffix):
    return [
        app for app in settings.HALL_APPS if app != "hall" and find_spec(app) and find_spec(f"{app}.{module_suffix}")
    ]


# The token endpoints (auth/token/, auth/logout/) come from accounts.api_urls.
api_v1 = [path("", include(f"{app}.api_urls")) for app in _app_includes("api_urls")]

# The API docs serve Swagger UI from the project's own static files (drf-spectacular-sidecar:
# government intranets have no CDN), with its own style block; its init script is a separate
# same-origin request (the split view), so no inline script is allowed even here.
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("healthz", views.healthz, name="healthz"),
]
urlpatterns += [path("", include(f"{app}.urls")) for app in _app_includes("urls")]
# Uploaded files are never served from /media/, not even in DEBUG: case materials and results
# are personal data, reachable only through the permission-checked download views.

handler403 = "hall.middleware.permission_denied"
handler404 = "hall.middleware.page_not_found"
