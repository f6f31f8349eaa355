from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationState(models.TextChoices):
    RUNNING = "running", _("办理中")
    STOPPED = "stopped", _("已终止")
    FINISHED = "finished", _("已办结")
    DELIVERED = "delivered", _("已领取")


class RunState(models.TextChoices):
    """One item of a chain application (one 办件 once it has started)."""

    WAITING = "waiting", _("等待前置事项")
    RUNNING = "running", _("办理中")
    GRANTED = "granted", _("准予许可")
    DENIED = "denied", _("不予许可")
    ENDED = "ended", _("未能办结")  # refused, withdrawn
    STOPPED = "stopped", _("已终止")  # a prerequisite was denied
    DELIVERED = "delivered", _("已送达")


RUN_DONE = frozenset({RunState.GRANTED, RunState.DELIVERED})
RUN_FAILED = frozenset({RunState.DENIED, RunState.ENDED, RunState.STOPPED})


class NoticeKind(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    STARTED = "started", _("事项开始办理")
    STOPPED = "stopped", _("事项终止")
    FINISHED = "finished", _("一件事办结")
    DELIVERED = "delivered", _("结果已领取")
    WARNING = "warning", _("时限预警")
    MEETING = "meeting", _("联审会议")


class OpinionKind(models.TextChoices):
    AGREE = "agree", _("同意")
    SUPPLEMENT = "supplement", _("需补正材料")
    DISAGREE = "disagree", _("不同意")


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    CONCLUDED = "concluded", _("已结束")


class MeetingOutcome(models.TextChoices):
    ADVANCE = "advance", _("通过，进入下一环节")
    RETURN = "return", _("退回补正")
