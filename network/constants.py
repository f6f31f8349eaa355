"""Choices of what happens between the halls of the network."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferKind(models.TextChoices):
    """Paper originals go to the deciding hall; the result comes back for 就近取件."""

    PAPER = "paper", _("纸质原件送审批大厅")
    RESULT = "result", _("办理结果送回收件大厅")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待寄出")
    SENT = "sent", _("在途")
    RECEIVED = "received", _("已签收")


OPEN_STATUSES = (TransferStatus.PENDING, TransferStatus.SENT)


class Level(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    NONE = "none", _("已签收")


class HandoffStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已送达对方平台")
    FAILED = "failed", _("发送失败")
