"""What a locked-out client is told, on every door (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message():
    return _("登录失败次数过多，账户或来源地址已被暂时锁定。请 %(minutes)d 分钟后再试，或联系大厅管理员解锁。") % {
        "minutes": settings.HALL_LOCKOUT_MINUTES
    }


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=status)
