"""Pages of approvals: the staff workbenches and the printable notices."""

from django.urls import include, path

app_name = "approvals"

urlpatterns = [
    path("", include("approvals.notice_urls")),
    path("", include("approvals.workbench_urls")),
]
