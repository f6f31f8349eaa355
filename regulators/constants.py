"""Choices of 审管互动 (regulators)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoffKind(models.TextChoices):
    DECISION = "decision", _("审批结果推送")
    REVOCATION = "revocation", _("撤销/注销推送")
    CHANGE = "change", _("变更推送")


class AckChannel(models.TextChoices):
    INBOX = "inbox", _("监管工作台签收")
    API = "api", _("监管部门系统签收")


class JointReviewKind(models.TextChoices):
    REVIEW = "review", _("联合审查")
    INSPECTION = "inspection", _("联合踏勘")


class ClockMode(models.TextChoices):
    COUNTED = "counted", _("计入办理时限")
    SUSPENDED = "suspended", _("中止计时（特别程序）")


class JointReviewStatus(models.TextChoices):
    OPEN = "open", _("征求意见中")
    CLOSED = "closed", _("已结束")


class Opinion(models.TextChoices):
    AGREE = "agree", _("同意")
    AGREE_WITH_CONDITIONS = "conditions", _("有条件同意")
    DISAGREE = "disagree", _("不同意")


class ThreadKind(models.TextChoices):
    REQUEST_BACK = "request_back", _("监管协同（提请审批部门处理）")
    CHANGE_NOTICE = "change_notice", _("变更告知")
    CONSULTATION = "consultation", _("业务会商")


class RequestTopic(models.TextChoices):
    FINDING = "finding", _("检查发现问题")
    CHANGE = "change", _("建议变更许可")
    REVOCATION = "revocation", _("建议撤销许可")
    OTHER = "other", _("其他")


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待投递")
    DELIVERED = "delivered", _("已送达")
    DEAD = "dead", _("投递失败（死信）")
