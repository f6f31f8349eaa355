"""Choice sets of the hall floor."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    SERVING = "serving", _("办理中")
    DONE = "done", _("已办结")
    NO_SHOW = "no_show", _("过号")
    CANCELLED = "cancelled", _("已取消")


# Statuses in which a ticket still holds a place in the queue or at a window.
OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


class Priority(models.TextChoices):
    NONE = "", _("普通")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    PREGNANT = "pregnant", _("孕妇")
    SERVICEMAN = "serviceman", _("军人")
    APPOINTMENT = "appointment", _("预约")


class TicketChannel(models.TextChoices):
    KIOSK = "kiosk", _("取号机")
    PHONE = "phone", _("手机取号")
    PREREVIEW = "prereview", _("预审窗口")
    APPOINTMENT = "appointment", _("预约签到")
    STAFF = "staff", _("工作人员代取")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CHECKED_IN = "checked_in", _("已签到")
    NO_SHOW = "no_show", _("爽约")
    CANCELLED = "cancelled", _("已取消")


class AppointmentChannel(models.TextChoices):
    PORTAL = "portal", _("网上预约")
    STAFF = "staff", _("窗口代约")


class PreReviewOutcome(models.TextChoices):
    PASSED = "passed", _("材料齐全，已取号")
    MISSING = "missing", _("材料不全，一次性告知")


class ParcelKind(models.TextChoices):
    DROPOFF = "dropoff", _("申请材料投递")
    RESULT = "result", _("办理结果待取")


class ParcelStatus(models.TextChoices):
    STORED = "stored", _("在柜中")
    COLLECTED = "collected", _("已取出")


class NotificationKind(models.TextChoices):
    TURN_NEAR = "turn_near", _("即将叫号")
    APPOINTMENT_BOOKED = "appointment_booked", _("预约成功")
    APPOINTMENT_REMINDER = "appointment_reminder", _("预约提醒")
    LOCKER_DROPOFF = "locker_dropoff", _("材料已投递")
    LOCKER_RESULT = "locker_result", _("结果已入柜")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class DeviceKind(models.TextChoices):
    KIOSK = "kiosk", _("取号机/自助终端")
    SCREEN = "screen", _("叫号屏")
    LOCKER = "locker", _("智能文件柜终端")
