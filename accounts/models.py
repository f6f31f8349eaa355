"""What sign-in security keeps beyond Django's own tables: password age and live sessions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordState(models.Model):
    """When a user's password was last set (for the periodic change rule)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="password_state"
    )
    changed_at = models.DateTimeField(_("密码修改时间"))

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self):
        return f"{self.user_id}: {self.changed_at:%Y-%m-%d}"


class UserSession(models.Model):
    """One signed-in browser session of a user, so they can see and end the others.

    Only a masked address is kept (203.0.113.*): enough to recognise, not to trace.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="hall_sessions"
    )
    session_key = models.CharField(_("会话标识"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"))
    last_seen_at = models.DateTimeField(_("最近活动"))
    masked_address = models.CharField(_("来源地址"), max_length=64, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user_id} {self.masked_address} {self.created_at:%Y-%m-%d %H:%M}"
