"""The work calendar (工作日历) that the legal clock counts on."""

from django.db import models


class CalendarDay(models.Model):
    """One day whose status is known: official (State Council via chinese-calendar) or set by an admin."""

    class Source(models.TextChoices):
        OFFICIAL = "official", "国务院公布"
        ADMIN = "admin", "管理员设置"

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日")
    note = models.CharField("说明", max_length=60, blank=True)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.OFFICIAL)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"
