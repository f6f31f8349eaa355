"""Choices of the front office: enquiries, confirmations, the case conversation, paper bags."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnquiryPlace(models.TextChoices):
    GUIDE_DESK = "guide_desk", _("导询台")
    WINDOW = "window", _("窗口")
    PHONE = "phone", _("电话咨询")


class EnquiryStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class ConfirmationAction(models.TextChoices):
    """What a window may not say on its own (窗口无权否决)."""

    REFUSE = "refuse", _("不予受理")
    NOTICE = "request-supplement", _("第三次及以后的一次性告知")


class ConfirmationStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未同意")


class ThreadSide(models.TextChoices):
    DESK = "desk", _("前台窗口")
    DEPARTMENT = "department", _("审批部门")
    REGULATOR = "regulator", _("督查/监管")


class BagStage(models.TextChoices):
    """The stops of a paper bag, in order (前台受理文件袋的流转)."""

    DESK = "desk", _("窗口封袋")
    COURIER = "courier", _("传递人员接收")
    DEPARTMENT = "department", _("审批部门接收")
    ARCHIVE = "archive", _("归档")


BAG_ROUTE = [BagStage.DESK, BagStage.COURIER, BagStage.DEPARTMENT, BagStage.ARCHIVE]
