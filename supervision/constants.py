"""Choices of supervision."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningLevel(models.TextChoices):
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class NotificationKind(models.TextChoices):
    TIME_LIMIT = "time_limit", _("时限预警")
    URGE = "urge", _("督办")
