"""The work calendar (工作日历) that the legal clock counts on.

Only the days that differ from an ordinary week are stored: official holidays (also the
weekend days inside a holiday span, so the admin shows the whole 春节 break) and make-up
working days (调休上班), plus any day a hall admin sets. A day not stored is a working day
from Monday to Friday and a rest day on Saturday and Sunday. `catalog.clock` reads this
table; see that module for how a year's official data is chosen.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day whose status is known: official (State Council via chinese-calendar) or set by an admin."""

    class Source(models.TextChoices):
        OFFICIAL = "official", _("国务院公布")
        ADMIN = "admin", _("管理员设置")

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    note = models.CharField(_("说明"), max_length=60, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.OFFICIAL)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {_('工作日') if self.is_workday else _('休息日')}"


class CalendarYear(models.Model):
    """Where a year's official calendar came from, and when it was loaded.

    Years the chinese-calendar package covers are official even without a row here; a row
    records a load (from the package, or from a file for a year the package lacks).
    """

    class Origin(models.TextChoices):
        PACKAGE = "package", _("chinese-calendar 软件包")
        FILE = "file", _("文件导入")

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    origin = models.CharField(_("数据来源"), max_length=16, choices=Origin.choices)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    day_count = models.PositiveSmallIntegerField(_("特殊日期数"), default=0)
    loaded_at = models.DateTimeField(_("导入时间"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("年度工作日历")
        verbose_name_plural = _("年度工作日历")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)s年工作日历") % {"year": self.year}


@receiver([post_save, post_delete], sender=CalendarDay, dispatch_uid="catalog.calendar_day_changed")
def _forget_cached_calendar(sender, instance, **kwargs):
    # A row saved through the ORM (admin, shell, a test factory) must be seen by the
    # clock in this process at once; other processes notice through the version check.
    from catalog import clock

    clock.invalidate_cache(instance.date.year)
