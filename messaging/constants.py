"""Choices of the messages to applicants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内消息")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class Status(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("未发送")


class Kind(models.TextChoices):
    """What a message tells the applicant; one editable template each."""

    ACCEPTED = "accepted", _("受理通知")
    SUPPLEMENT = "supplement", _("一次性告知")
    REFUSED = "refused", _("不予受理")
    SUSPENDED = "suspended", _("中止计时")
    RESUMED = "resumed", _("恢复计时")
    GRANTED = "granted", _("准予许可")
    DENIED = "denied", _("不予许可")
    READY = "ready", _("结果待领取")
    # 就近取件: the result decided at another hall has reached the receiving hall (network)
    ARRIVED = "arrived", _("结果到达通知")
    DELIVERED = "delivered", _("已送达办结")
    # 告知承诺 reminders, fulfilment, rectification, 失信名单, 撤销, 信用修复 (commitments)
    COMMITMENT = "commitment", _("告知承诺")
