"""The hall floor's data: business areas and their queues, tickets, appointments, pre-review
records, 24-hour lockers and the notices sent to applicants."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.models import default_hall_id
from hallfloor.constants import (
    AppointmentChannel,
    AppointmentStatus,
    DeviceKind,
    NotificationKind,
    NotificationStatus,
    ParcelKind,
    ParcelStatus,
    PreReviewOutcome,
    Priority,
    TicketChannel,
    TicketStatus,
)


def new_token():
    return secrets.token_urlsafe(16)


class PhoneMixin(models.Model):
    """A phone kept only masked, as a keyed hash and sealed (see hallfloor.sealing)."""

    phone_masked = models.CharField(_("手机号（脱敏）"), max_length=20, blank=True)
    phone_hash = models.CharField(_("手机号摘要"), max_length=64, blank=True, editable=False)
    phone_sealed = models.TextField(_("手机号（加密）"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def has_phone(self):
        return bool(self.phone_sealed)


class BusinessArea(models.Model):
    """A business area (业务区) with its own queue: 商事登记 A, 不动产 B, 投资项目 C, 综合便民 D."""

    hall = models.ForeignKey(
        "hall.Hall",
        verbose_name=_("所属大厅"),
        default=default_hall_id,
        on_delete=models.PROTECT,
        related_name="business_areas",
    )
    code = models.SlugField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    prefix = models.CharField(_("号码前缀"), max_length=2, help_text=_("如 A，号码为 A001"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    windows = models.ManyToManyField(
        "hall.Window", verbose_name=_("服务窗口"), blank=True, related_name="business_areas"
    )
    items = models.ManyToManyField(
        "catalog.Item", verbose_name=_("本区办理事项"), blank=True, related_name="business_areas"
    )
    departments = models.ManyToManyField(
        "catalog.Department",
        verbose_name=_("本区进驻部门"),
        blank=True,
        related_name="business_areas",
        help_text=_("这些部门的事项都在本区办理（也可逐项指定）。"),
    )
    # Appointments (预约): slots start at these times on the hall's working days.
    slot_times = models.CharField(_("预约时段开始时间"), max_length=200, default="09:00,10:00,11:00,14:00,15:00,16:00")
    slot_minutes = models.PositiveSmallIntegerField(_("每时段分钟数"), default=60)
    slot_capacity = models.PositiveSmallIntegerField(_("每时段可预约人数"), default=4)
    days_ahead = models.PositiveSmallIntegerField(_("可提前预约天数"), default=7)
    accepts_appointments = models.BooleanField(_("接受预约"), default=True)

    class Meta:
        verbose_name = _("业务区")
        verbose_name_plural = _("业务区")
        ordering = ["sort_order", "prefix"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "prefix"],
                name="area_prefix_unique_in_hall",
                violation_error_message=_("本大厅已有此号码前缀。"),
            )
        ]

    def __str__(self):
        return f"{self.prefix} {self.name}"

    def slot_starts(self):
        """The slot start times as datetime.time values, sorted."""
        starts = []
        for part in (self.slot_times or "").split(","):
            part = part.strip()
            if part:
                try:
                    starts.append(datetime.strptime(part, "%H:%M").time())
                except ValueError:
                    continue
        return sorted(set(starts))


class TicketCounter(models.Model):
    """The last number handed out in an area on a day (A001, A002 … restart each day)."""

    area = models.ForeignKey(BusinessArea, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "day"], name="ticketcounter_area_day")]

    def __str__(self):
        return f"{self.area_id}:{self.day}:{self.last}"


class Ticket(PhoneMixin):
    """A place in an area's queue; called to a window, served, finished (or a no-show)."""

    area = models.ForeignKey(BusinessArea, verbose_name=_("业务区"), on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("取号日期"), db_index=True)
    seq = models.PositiveIntegerField(_("序号"))
    code = models.CharField(_("号码"), max_length=8)
    token = models.CharField(_("查询令牌"), max_length=32, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.WAITING, db_index=True
    )
    channel = models.CharField(_("取号渠道"), max_length=12, choices=TicketChannel.choices, default=TicketChannel.KIOSK)
    priority = models.CharField(_("优先类别"), max_length=12, choices=Priority.choices, blank=True, default="")
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("办理事项"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chain = models.ForeignKey(
        "catalog.Chain", verbose_name=_("一件事"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("叫号窗口"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transferred_to = models.ForeignKey(
        "hall.Window",
        verbose_name=_("转至窗口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("转窗后只有该窗口能叫此号。"),
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    call_count = models.PositiveSmallIntegerField(_("叫号次数"), default=0)
    issued_at = models.DateTimeField(_("取号时间"), default=timezone.now)
    queued_at = models.DateTimeField(_("排队时间"), default=timezone.now, help_text=_("过号重排或转窗时更新"))
    called_at = models.DateTimeField(_("首次叫号时间"), null=True, blank=True)
    last_called_at = models.DateTimeField(_("最近叫号时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始办理时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    notified_near = models.BooleanField(_("已发即将叫号提醒"), default=False)

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["-day", "area", "seq"]
        constraints = [models.UniqueConstraint(fields=["area", "day", "seq"], name="ticket_area_day_seq")]
        indexes = [models.Index(fields=["area", "day", "status"], name="ticket_area_day_status")]

    def __str__(self):
        return f"{self.code}（{self.day:%Y-%m-%d}）"

    @property
    def is_priority(self):
        return bool(self.priority)

    @property
    def wait_seconds(self):
        """Issue to first call (or to now while still waiting)."""
        end = self.called_at or (timezone.now() if self.status == TicketStatus.WAITING else None)
        return int((end - self.issued_at).total_seconds()) if end else None

    @property
    def service_seconds(self):
        start = self.started_at or self.called_at
        if start and self.finished_at:
            return int((self.finished_at - start).total_seconds())
        return None


class TicketCase(models.Model):
    """A case registered while the ticket was served (a chain gives a ticket several cases)."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("排队号"), on_delete=models.CASCADE, related_name="case_links")
    case = models.OneToOneField(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="floor_ticket"
    )
    linked_at = models.DateTimeField(_("关联时间"), default=timezone.now)

    class Meta:
        verbose_name = _("排队号办件")
        verbose_name_plural = _("排队号办件")

    def __str__(self):
        return f"{self.ticket_id} → {self.case_id}"


class Appointment(PhoneMixin):
    """A booked slot in an area on a working day; checking in at the kiosk gives a priority ticket."""

    area = models.ForeignKey(
        BusinessArea, verbose_name=_("业务区"), on_delete=models.PROTECT, related_name="appointments"
    )
    day = models.DateField(_("预约日期"))
    slot = models.TimeField(_("预约时段"))
    code = models.CharField(_("预约码"), max_length=8, unique=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED, db_index=True
    )
    channel = models.CharField(_("预约渠道"), max_length=8, choices=AppointmentChannel.choices)
    name = models.CharField(_("姓名"), max_length=50)
    id_masked = models.CharField(_("证件号码（脱敏）"), max_length=18)
    id_hash = models.CharField(_("证件号码摘要"), max_length=64, db_index=True, editable=False)
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("办理事项"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("预约账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="floor_appointments",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代约人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ticket = models.OneToOneField(
        Ticket, verbose_name=_("签到号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="appointment"
    )
    created_at = models.DateTimeField(_("预约时间"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    missed_at = models.DateTimeField(_("记为爽约时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒短信时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["day", "slot", "id"]
        indexes = [models.Index(fields=["area", "day", "slot", "status"], name="appt_area_slot_status")]

    def __str__(self):
        return f"{self.code} {self.area.name} {self.day} {self.slot:%H:%M}"

    @property
    def slot_end(self):
        start = datetime.combine(self.day, self.slot)
        return (start + timedelta(minutes=self.area.slot_minutes)).time()


class PreReview(models.Model):
    """A pre-review at the 预审窗口: the item's checklist, what was missing, and the outcome."""

    item = models.ForeignKey("catalog.Item", verbose_name=_("办理事项"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("结论"), max_length=10, choices=PreReviewOutcome.choices)
    applicant_name = models.CharField(_("申请人"), max_length=100, blank=True)
    checked = models.JSONField(_("已核验材料"), default=list)
    missing = models.JSONField(_("缺少材料"), default=list, help_text=_("[{id, name, required}]"))
    note = models.TextField(_("说明"), blank=True)
    ticket = models.OneToOneField(
        Ticket, verbose_name=_("业务号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="prereview"
    )
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("预审窗口"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("预审人员"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("预审时间"), default=timezone.now)
    number = models.CharField(_("告知单编号"), max_length=24, unique=True)

    class Meta:
        verbose_name = _("预审记录")
        verbose_name_plural = _("预审记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.number} {self.item.name}"


class Locker(models.Model):
    """One compartment of the 24-hour smart file lockers (智能文件柜)."""

    number = models.CharField(_("柜号"), max_length=8, unique=True)
    size = models.CharField(
        _("规格"), max_length=8, default="M", choices=[("S", _("小")), ("M", _("中")), ("L", _("大"))]
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("智能文件柜")
        verbose_name_plural = _("智能文件柜")
        ordering = ["number"]

    def __str__(self):
        return _("%(number)s号柜") % {"number": self.number}


class LockerParcel(PhoneMixin):
    """What is in a locker: an applicant's materials to take in, or a result to pick up."""

    locker = models.ForeignKey(Locker, verbose_name=_("柜格"), on_delete=models.PROTECT, related_name="parcels")
    kind = models.CharField(_("类型"), max_length=8, choices=ParcelKind.choices)
    status = models.CharField(_("状态"), max_length=10, choices=ParcelStatus.choices, default=ParcelStatus.STORED)
    code_hash = models.CharField(_("取件码摘要"), max_length=64, db_index=True, editable=False)
    reference = models.CharField(_("投递编号"), max_length=16, unique=True)
    applicant_name = models.CharField(_("申请人"), max_length=100, blank=True)
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("办理事项"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chain = models.ForeignKey(
        "catalog.Chain", verbose_name=_("一件事"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "approvals.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locker_parcels",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    stored_at = models.DateTimeField(_("入柜时间"), default=timezone.now)
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("入柜人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collected_at = models.DateTimeField(_("取出时间"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取件人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("登记办件时间"), null=True, blank=True)
    result_ready_at = models.DateTimeField(
        _("结果已出时间"), null=True, blank=True, help_text=_("投递材料所登记的办件已出证，待放入结果柜")
    )

    class Meta:
        verbose_name = _("柜内物品")
        verbose_name_plural = _("柜内物品")
        ordering = ["-stored_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["locker"], condition=Q(status=ParcelStatus.STORED), name="locker_one_parcel_stored"
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"


class Notification(PhoneMixin):
    """A text message to an applicant, kept as a row and sent through hallfloor.notify."""

    kind = models.CharField(_("类型"), max_length=24, choices=NotificationKind.choices)
    text_sealed = models.TextField(_("内容（加密）"), editable=False)
    summary = models.CharField(_("摘要"), max_length=200, help_text=_("不含取件码等凭据"))
    status = models.CharField(
        _("状态"), max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    parcel = models.ForeignKey(
        LockerParcel, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("短信通知")
        verbose_name_plural = _("短信通知")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.phone_masked}"

    @property
    def text(self):
        from hallfloor.sealing import unseal

        return unseal(self.text_sealed)


class Device(models.Model):
    """A kiosk, call screen or locker terminal; it authenticates to the API with its token."""

    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=8, choices=DeviceKind.choices)
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("终端设备")
        verbose_name_plural = _("终端设备")

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


class FloorEvent(models.Model):
    """The floor's append-only log: every ticket, appointment, pre-review and locker action."""

    action = models.CharField(_("动作"), max_length=32, db_index=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    parcel = models.ForeignKey(LockerParcel, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    prereview = models.ForeignKey(PreReview, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    window = models.ForeignKey("hall.Window", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    payload = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("现场日志")
        verbose_name_plural = _("现场日志")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("FloorEvent rows are append-only")
        super().save(*args, **kwargs)
