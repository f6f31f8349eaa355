"""Between halls: the tracked paper 流转 of a case, and 跨域通办 handoffs to another city's platform."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.constants import HandoffStatus, Level, TransferKind, TransferStatus


class PaperTransfer(models.Model):
    """One leg of paper between two halls: a case's originals to the deciding hall, or its result
    back to the receiving hall. At most one of each kind per case. Its own clock (working days of
    the hall calendar) runs from `opened_at` to `due_at`; `overdue_at` marks the one reminder."""

    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField(_("流转类型"), max_length=10, choices=TransferKind.choices)
    from_hall = models.ForeignKey(
        "hall.Hall", verbose_name=_("寄出大厅"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_hall = models.ForeignKey(
        "hall.Hall", verbose_name=_("接收大厅"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING, db_index=True
    )
    opened_at = models.DateTimeField(_("发起时间"))
    due_at = models.DateTimeField(_("签收期限"), db_index=True)
    warn_at = models.DateTimeField(_("黄灯时间"))
    provisional = models.BooleanField(_("期限待确认"), default=False)
    sent_at = models.DateTimeField(_("寄出时间"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("寄出人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tracking_note = models.CharField(_("寄送说明/单号"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receive_note = models.CharField(_("签收说明"), max_length=200, blank=True)
    # Set once, with the overdue reminder's event: the marker that makes it fire exactly once.
    overdue_at = models.DateTimeField(_("超时提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("纸质流转")
        verbose_name_plural = _("纸质流转")
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="transfer_one_per_case_and_kind")]
        indexes = [
            models.Index(fields=["from_hall", "status"], name="transfer_from_status"),
            models.Index(fields=["to_hall", "status"], name="transfer_to_status"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.get_kind_display()}"

    @property
    def is_open(self):
        return self.status != TransferStatus.RECEIVED

    def level_at(self, now):
        if not self.is_open:
            return Level.NONE
        if now > self.due_at:
            return Level.RED
        if now >= self.warn_at:
            return Level.YELLOW
        return Level.GREEN

    @property
    def late(self):
        """Received after its due time (or still open past it)."""
        return self.received_at is not None and self.received_at > self.due_at


class CrossRegionHandoff(models.Model):
    """跨域通办: a case received here handed to another city's (or province's) platform, which decides it.

    The body sent is kept as it was sent (`payload`); `delivery_id` is the same on every try so
    the partner can de-duplicate (docs/cross_region.md)."""

    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="cross_region_handoffs"
    )
    delivery_id = models.UUIDField(_("投递编号"), default=uuid.uuid4, unique=True, editable=False)
    region_code = models.CharField(_("对方地区代码"), max_length=20)
    region_name = models.CharField(_("对方平台"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=10, choices=HandoffStatus.choices, default=HandoffStatus.PENDING, db_index=True
    )
    payload = models.JSONField(_("报文"), default=dict)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    remote_reference = models.CharField(_("对方受理编号"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("转出人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("转出时间"))
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("跨域通办转出")
        verbose_name_plural = _("跨域通办转出")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.case_id} → {self.region_name}"
