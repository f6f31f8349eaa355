"""Figures kept from case events: one row of counters per day, department, item, channel, window.

Rows are small and few (a county hall has a few hundred items; most are quiet on most days),
so any range and grouping is a SUM over an index range, never a scan of the cases.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureCounters(models.Model):
    """The counters every figures row carries (see stats.constants.COUNTERS)."""

    received = models.PositiveIntegerField(_("收件"), default=0)
    online_received = models.PositiveIntegerField(_("网上收件"), default=0)
    accepted = models.PositiveIntegerField(_("受理"), default=0)
    acknowledged = models.PositiveIntegerField(_("部门确认受理"), default=0)
    deemed = models.PositiveIntegerField(_("视为同意"), default=0)
    instant = models.PositiveIntegerField(_("即办受理"), default=0)
    refused = models.PositiveIntegerField(_("不予受理"), default=0)
    notices = models.PositiveIntegerField(_("一次性告知"), default=0)
    returned = models.PositiveIntegerField(_("部门退回"), default=0)
    granted = models.PositiveIntegerField(_("准予许可"), default=0)
    denied = models.PositiveIntegerField(_("不予许可"), default=0)
    delivered = models.PositiveIntegerField(_("送达办结"), default=0)
    withdrawn = models.PositiveIntegerField(_("撤回"), default=0)
    urged = models.PositiveIntegerField(_("督办"), default=0)
    timed_decisions = models.PositiveIntegerField(_("计时决定数"), default=0)
    on_time_promised = models.PositiveIntegerField(_("承诺时限内办结"), default=0)
    on_time_legal = models.PositiveIntegerField(_("法定时限内办结"), default=0)
    days_taken = models.PositiveIntegerField(_("实际用时（工作日合计）"), default=0)
    promised_days = models.PositiveIntegerField(_("承诺时限（工作日合计）"), default=0)
    visits_0 = models.PositiveIntegerField(_("零跑动"), default=0)
    visits_1 = models.PositiveIntegerField(_("跑一次"), default=0)
    visits_2 = models.PositiveIntegerField(_("跑两次及以上"), default=0)

    class Meta:
        abstract = True


class DailyFigure(FigureCounters):
    day = models.DateField(_("日期"))
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("渠道"), max_length=10)
    window = models.CharField(_("窗口号"), max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "department", "item", "channel", "window"], name="daily_figure_key")
        ]
        indexes = [
            models.Index(fields=["department", "day"], name="figure_dept_day"),
            models.Index(fields=["item", "day"], name="figure_item_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.department_id}/{self.item_id}/{self.channel}/{self.window}"


class MonthlyFigure(FigureCounters):
    """The same counters per calendar month (`month` is its first day): ranges of whole months read
    these, so a year is ~12 rows per key instead of ~250."""

    month = models.DateField(_("月份"))
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("渠道"), max_length=10)
    window = models.CharField(_("窗口号"), max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("每月统计")
        verbose_name_plural = _("每月统计")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "department", "item", "channel", "window"], name="monthly_figure_key"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.department_id}/{self.item_id}/{self.channel}/{self.window}"


class StaffFigure(FigureCounters):
    """The same counters per day and staff member who acted (the event's actor), for the
    department of the case: who received, accepted, decided and delivered how much, how fast."""

    day = models.DateField(_("日期"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("人员每日统计")
        verbose_name_plural = _("人员每日统计")
        constraints = [models.UniqueConstraint(fields=["day", "user", "department"], name="staff_figure_key")]
        indexes = [models.Index(fields=["department", "day"], name="staff_figure_dept_day")]

    def __str__(self):
        return f"{self.day} {self.user_id}/{self.department_id}"


class HourlyReceipt(models.Model):
    """Cases received per day, hour (Beijing) and department: the week-by-hour heat map."""

    day = models.DateField(_("日期"))
    hour = models.PositiveSmallIntegerField(_("时"))
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(_("收件"), default=0)

    class Meta:
        verbose_name = _("分时收件")
        verbose_name_plural = _("分时收件")
        constraints = [models.UniqueConstraint(fields=["day", "hour", "department"], name="hourly_receipt_key")]

    def __str__(self):
        return f"{self.day} {self.hour}:00 {self.department_id}={self.count}"
