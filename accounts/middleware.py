"""Sign-in rules applied on every request of a signed-in staff member, and security headers.

- SecondFactorMiddleware: staff enrolled in two-factor sign-in (or obliged to be) reach no
  page until they have given a code this session; then an expired password must be changed.
- IdleTimeoutMiddleware: a staff session with no activity for HALL_IDLE_TIMEOUT_SECONDS is
  signed out. Background polling (header X-Hall-Background) does not count as activity.
- SecurityHeadersMiddleware: Permissions-Policy everywhere; Cache-Control: no-store on every
  response that may carry personal data.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from accounts import policy, services

# Pages a signed-in user may reach before giving a second factor or changing a password.
_ALWAYS_OPEN = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/2fa/",
    "/admin/login/",
    "/admin/logout/",
    "/api/v1/auth/",
    "/static/",
    "/i18n/",
    "/healthz",
)
_PASSWORD_CHANGE_OPEN = ("/accounts/password/",)

LAST_ACTIVITY_KEY = "_hall_last_activity"
PASSWORD_WARNED_KEY = "_hall_password_warned"
PASSWORD_EXPIRED_KEY = "_hall_password_expired"


def _open(path, prefixes):
    return any(path.startswith(prefix) for prefix in prefixes)


def _to(request, url_name, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    messages.warning(request, message)
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and policy.is_staff_user(user) and not _open(request.path, _ALWAYS_OPEN):
            if not user.is_verified():
                if policy.has_otp_device(user):
                    return _to(request, "accounts:otp-verify", _("请输入两步验证码完成登录。"))
                if policy.otp_required(user):
                    return _to(request, "accounts:otp-setup", _("您的岗位须启用两步验证，请先绑定验证器。"))
            if not _open(request.path, _PASSWORD_CHANGE_OPEN):
                if policy.password_expired(user):
                    if not request.session.get(PASSWORD_EXPIRED_KEY):
                        request.session[PASSWORD_EXPIRED_KEY] = True
                        services.password_expired(user=user, request=request)
                    return _to(
                        request,
                        "accounts:password-change",
                        _("您的密码已超过 %(days)d 天未更换，请先修改密码。")
                        % {"days": settings.HALL_PASSWORD_MAX_AGE_DAYS},
                    )
                self._warn_once(request, user)
        return self.get_response(request)

    def _warn_once(self, request, user):
        if request.session.get(PASSWORD_WARNED_KEY) or not policy.password_warning_due(user):
            return
        if request.path.startswith("/api/") or request.headers.get("HX-Request"):
            return
        request.session[PASSWORD_WARNED_KEY] = True
        messages.warning(
            request,
            _("您的密码将在 %(days)d 天后到期，请尽快修改。") % {"days": policy.password_days_left(user)},
        )


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and policy.is_staff_user(user) and settings.HALL_IDLE_TIMEOUT_SECONDS > 0:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.HALL_IDLE_TIMEOUT_SECONDS:
                services.session_expired_idle(user=user, request=request)
                logout(request)
                message = _("您已超过 %(minutes)d 分钟未操作，为保护办件信息已自动退出，请重新登录。") % {
                    "minutes": settings.HALL_IDLE_TIMEOUT_SECONDS // 60
                }
                if request.path.startswith("/api/") or request.headers.get("HX-Request"):
                    return JsonResponse({"detail": message}, status=401)
                messages.info(request, message)
                return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()})}")
            if request.headers.get("X-Hall-Background") != "1":
                # Every request the user made counts (one session write, as with
                # SESSION_SAVE_EVERY_REQUEST); the sessions page reads this time too.
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.HALL_PERMISSIONS_POLICY:
            response.setdefault("Permissions-Policy", settings.HALL_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or _open(request.path, settings.HALL_NO_STORE_PATHS)
        if personal and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
