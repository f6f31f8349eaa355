"""Reads of sign-in security, scoped to the user asking."""

import base64
from datetime import UTC, datetime
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from accounts.models import UserSession


def sessions_of(*, user, current_key):
    """The user's live sessions, newest activity first, the current one marked."""
    rows = list(UserSession.objects.filter(user=user))
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        live = set(
            Session.objects.filter(
                session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
            ).values_list("session_key", flat=True)
        )
        stale = [r.pk for r in rows if r.session_key not in live]
        if stale:
            UserSession.objects.filter(pk__in=stale).delete()
        rows = [r for r in rows if r.session_key in live]
    for row in rows:
        row.is_current = row.session_key == current_key
        row.last_active_at = _last_activity(row)
    return rows


def _last_activity(row):
    """The time of the session's last request, kept in the session itself by the idle rule."""
    from accounts.middleware import LAST_ACTIVITY_KEY

    stamp = import_module(settings.SESSION_ENGINE).SessionStore(session_key=row.session_key).get(LAST_ACTIVITY_KEY)
    if stamp is None:
        return row.last_seen_at
    return datetime.fromtimestamp(stamp, tz=UTC)


def session_of(*, user, pk):
    return UserSession.objects.filter(user=user, pk=pk).first()


def recovery_codes_left(*, user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def otp_secret_for_display(device):
    """The base32 secret in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def security_settings():
    """The sign-in and audit settings in force, as (label, value) rows for the admin page."""
    from django.utils.translation import gettext as _

    rows = [
        (
            _("登录失败锁定"),
            _("%(n)d 次失败 / %(m)d 分钟内（按账号和来源地址分别计数）")
            % {"n": settings.HALL_LOCKOUT_FAILURES, "m": settings.HALL_LOCKOUT_MINUTES},
        ),
        (_("锁定时长"), _("%(m)d 分钟，或由管理员解锁") % {"m": settings.HALL_LOCKOUT_MINUTES}),
        (_("可信反向代理"), ", ".join(settings.HALL_TRUSTED_PROXIES) or _("无（不采信 X-Forwarded-For）")),
        (_("两步验证"), _("已启用") if settings.HALL_2FA_ENFORCED else _("未强制（HALL_2FA_ENFORCED=0）")),
        (
            _("必须启用两步验证的岗位"),
            _("全部工作人员") if settings.HALL_2FA_REQUIRED_FOR_ALL_STAFF else _("大厅管理员、超级用户、督查"),
        ),
        (_("密码最短长度"), str(settings.HALL_PASSWORD_MIN_LENGTH)),
        (_("密码字符类别"), _("小写、大写、数字、符号中至少 %(n)d 类") % {"n": settings.HALL_PASSWORD_MIN_CLASSES}),
        (_("密码其他规则"), _("不得包含账号，不得为常见密码，不得与姓名等相似，不得全为数字")),
        (
            _("工作人员密码有效期"),
            _("%(d)d 天（到期前 %(w)d 天提醒）")
            % {"d": settings.HALL_PASSWORD_MAX_AGE_DAYS, "w": settings.HALL_PASSWORD_WARN_DAYS}
            if settings.HALL_PASSWORD_MAX_AGE_DAYS
            else _("不限"),
        ),
        (
            _("空闲自动退出"),
            _("%(m)d 分钟（提前 %(w)d 秒提醒）")
            % {"m": settings.HALL_IDLE_TIMEOUT_SECONDS // 60, "w": settings.HALL_IDLE_WARNING_SECONDS},
        ),
        (_("会话最长时间"), _("%(h)d 小时") % {"h": settings.SESSION_COOKIE_AGE // 3600}),
        (
            _("接口令牌有效期"),
            _("%(h).1f 小时，退出登录即失效") % {"h": settings.HALL_API_TOKEN_LIFETIME_SECONDS / 3600},
        ),
    ]
    for name in sorted(n for n in dir(settings) if n.startswith("HALL_AUDIT")):
        rows.append((name, str(getattr(settings, name))))
    return rows
