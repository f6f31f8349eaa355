from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    DISABLED = "disabled", _("残疾人")
    ELDERLY = "elderly", _("高龄老人")
    ILLNESS = "illness", _("重病卧床")
    OTHER = "other", _("其他特殊困难")


class VisitChannel(models.TextChoices):
    PORTAL = "portal", _("网上申请")
    PHONE = "phone", _("电话预约")


class VisitStatus(models.TextChoices):
    REQUESTED = "requested", _("待派单")
    ASSIGNED = "assigned", _("已派单")
    DONE = "done", _("已上门收件")
    CANCELLED = "cancelled", _("已取消")


OPEN_STATUSES = (VisitStatus.REQUESTED, VisitStatus.ASSIGNED)
