from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse


def _link(name, label, note):
    """A home-page link, only for pages that exist in this build."""
    try:
        return {"url": reverse(name), "label": label, "note": note}
    except NoReverseMatch:
        return None


def home(request):
    links = [
        _link("catalog:guide-list", "办事指南", "查询全部政务服务事项的申请条件、材料、时限和收费"),
        _link("portal:home", "网上办事大厅", "在线申报、查询进度、补正材料、领取电子证照"),
        _link("portal:progress", "办件查询", "凭受理编号和查询码查看办理进度"),
        _link("approvals:workbench", "工作人员登录", "综合受理、后台审批、出件窗口"),
        _link("supervision:board", "督查督办", "红黄绿灯时限预警与统计"),
        _link("api-docs", "开放接口", "REST API 文档（OpenAPI 3）"),
        _link("admin:index", "管理后台", "事项目录、工作日历、窗口与人员"),
    ]
    return render(request, "hall/home.html", {"links": [link for link in links if link]})


def healthz(request):
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
