"""Choices of supervision."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningLevel(models.TextChoices):
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class NotificationKind(models.TextChoices):
    TIME_LIMIT = "time_limit", _("时限预警")
    URGE = "urge", _("督办")
    MONITOR = "monitor", _("电子监察")
    # regulators (审管互动): handoffs not acknowledged, joint-review opinions and threads overdue
    REGULATORS = "regulators", _("审管互动")


class VolumeKind(models.TextChoices):
    """What the board's daily volumes count (DailyVolume, kept from case events)."""

    RECEIVED = "received", _("收件")
    ACCEPTED = "accepted", _("受理")
    DECIDED = "decided", _("办结决定")
    DELIVERED = "delivered", _("送达")
