"""Time-limit warnings: one WarningRecord per (case, level), fanned out as in-app notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.constants import NotificationKind, VolumeKind, WarningLevel


class WarningRecord(models.Model):
    """The case crossed into this level; unique so a level is announced once, even under races."""

    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="warning_records"
    )
    level = models.CharField(_("预警等级"), max_length=8, choices=WarningLevel.choices)
    deadline_at = models.DateTimeField(_("当时的办结期限"))
    created_at = models.DateTimeField(_("预警时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("时限预警记录")
        verbose_name_plural = _("时限预警记录")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "level"], name="warning_once_per_case_level")]

    def __str__(self):
        return f"{self.case_id} {self.get_level_display()}"


class SweepMark(models.Model):
    """How far a periodic sweep has looked (its watermark), so the next run reads only what is new."""

    name = models.CharField(_("扫描任务"), max_length=40, unique=True)
    at = models.DateTimeField(_("已扫描至"))

    class Meta:
        verbose_name = _("扫描进度")
        verbose_name_plural = _("扫描进度")

    def __str__(self):
        return f"{self.name}@{self.at:%Y-%m-%d %H:%M:%S}"


class Notification(models.Model):
    """An in-app notice for one person (email/SMS channels come later)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        "approvals.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    level = models.CharField(_("等级"), max_length=8, choices=WarningLevel.choices, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=NotificationKind.choices)
    message = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["user"], name="notification_user_unread", condition=Q(read_at__isnull=True)),
        ]

    def __str__(self):
        return self.message

    @property
    def is_read(self):
        return self.read_at is not None


class DailyVolume(models.Model):
    """Cases received, accepted, decided and delivered per Beijing day and department.

    Kept up to date from case events (supervision.subscribers), one increment per event, so
    the board reads a handful of rows instead of scanning the event log.
    """

    day = models.DateField(_("日期"))
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=12, choices=VolumeKind.choices)
    count = models.PositiveIntegerField(_("件数"), default=0)

    class Meta:
        verbose_name = _("每日办件量")
        verbose_name_plural = _("每日办件量")
        ordering = ["-day", "department", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["day", "department", "kind"], name="daily_volume_unique"),
        ]

    def __str__(self):
        return f"{self.day} {self.department_id} {self.kind}={self.count}"


from supervision.monitoring_models import (  # noqa: E402,F401 - 电子监察's models live beside it
    CaseWatch,
    DepartmentWeek,
    Finding,
    MonitorRule,
)
