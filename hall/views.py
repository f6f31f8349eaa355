from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from hall.constants import BOARD_ROLES
from hall.selectors import staff_profile_of


def _link(name, label, note):
    """A home-page link, only for pages that exist in this build."""
    try:
        return {"url": reverse(name), "label": label, "note": note}
    except NoReverseMatch:
        return None


def home(request):
    profile = staff_profile_of(request.user)
    may_open_board = profile is not None and profile.role in BOARD_ROLES
    links = [
        _link("catalog:guide-list", _("办事指南"), _("查询全部政务服务事项的申请条件、材料、时限和收费")),
        _link("portal:home", _("网上办事大厅"), _("在线申报、查询进度、补正材料、领取电子证照")),
        _link("portal:progress", _("办件查询"), _("凭受理编号和查询码查看办理进度")),
        _link("approvals:workbench", _("工作人员登录"), _("综合受理、后台审批、出件窗口")),
        _link("supervision:board", _("督查督办"), _("红黄绿灯时限预警与统计")) if may_open_board else None,
        _link("api-docs", _("开放接口"), _("REST API 文档（OpenAPI 3）")),
        _link("admin:index", _("管理后台"), _("事项目录、工作日历、窗口与人员")),
    ]
    return render(request, "hall/home.html", {"links": [link for link in links if link]})


def healthz(request):
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
