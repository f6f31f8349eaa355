"""Front-office records: enquiries (首问负责), confirmations (窗口无权否决), case messages, paper bags."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontoffice.constants import (
    BAG_ROUTE,
    BagStage,
    ConfirmationAction,
    ConfirmationStatus,
    EnquiryPlace,
    EnquiryStatus,
    ThreadSide,
)
from hall.identity import mask_phone

USER = settings.AUTH_USER_MODEL


def level_of(*, now, due_at, warn_at, running=True):
    """红黄绿 of a stored deadline: red past due, yellow past the warning time, else green."""
    if not running or due_at is None:
        return "none"
    if now > due_at:
        return "red"
    if warn_at is not None and now >= warn_at:
        return "yellow"
    return "green"


class Enquiry(models.Model):
    """One consultation at the guide desk or a window; the first staff member asked owns it."""

    place = models.CharField(_("咨询地点"), max_length=12, choices=EnquiryPlace.choices, default=EnquiryPlace.WINDOW)
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("窗口"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("咨询时间"), default=timezone.now, db_index=True)
    asker_name = models.CharField(_("咨询人"), max_length=50, blank=True)
    asker_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("咨询事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("其他咨询内容"), max_length=100, blank=True, help_text=_("不属于某一事项时填写"))
    question = models.TextField(_("咨询问题"))
    answer = models.TextField(_("答复内容"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN)
    first_owner = models.ForeignKey(USER, verbose_name=_("首问责任人"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(USER, verbose_name=_("当前负责人"), on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        USER, verbose_name=_("答复人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    list_given_at = models.DateTimeField(_("发放一次性告知单时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("咨询登记")
        verbose_name_plural = _("咨询登记")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["owner", "status"], name="enquiry_owner_status")]

    def __str__(self):
        return f"{self.asked_at:%Y-%m-%d %H:%M} {self.subject}"

    @property
    def subject(self):
        return self.item.name if self.item_id else self.topic

    @property
    def masked_phone(self):
        return mask_phone(self.asker_phone) if self.asker_phone else ""


class EnquiryHandover(models.Model):
    """An enquiry handed on to a colleague, with the reason: the record 首问负责制 asks for."""

    enquiry = models.ForeignKey(Enquiry, verbose_name=_("咨询"), on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(USER, verbose_name=_("移交人"), on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(USER, verbose_name=_("接收人"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("移交说明"), max_length=200)
    at = models.DateTimeField(_("移交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("咨询移交记录")
        verbose_name_plural = _("咨询移交记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.enquiry_id}: {self.from_user_id} → {self.to_user_id}"


class Confirmation(models.Model):
    """A window's 不予受理 (or a late one-time notice) waiting for the chief's confirmation."""

    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="confirmations"
    )
    action = models.CharField(_("拟办操作"), max_length=24, choices=ConfirmationAction.choices)
    data = models.JSONField(_("操作内容"), default=dict)
    summary = models.TextField(_("理由/告知内容"))
    requested_by = models.ForeignKey(USER, verbose_name=_("提请人"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("提请时间"), default=timezone.now)
    due_at = models.DateTimeField(_("确认时限"), db_index=True)
    warn_at = models.DateTimeField(_("黄灯预警时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ConfirmationStatus.choices, default=ConfirmationStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        USER, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decision_note = models.TextField(_("确认意见"), blank=True)
    escalated_at = models.DateTimeField(_("逾时上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("窗口否决确认")
        verbose_name_plural = _("窗口否决确认")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="confirmation_one_pending_per_case"
            )
        ]

    def __str__(self):
        return f"{self.case} {self.get_action_display()} {self.get_status_display()}"

    def level_at(self, now):
        return level_of(now=now, due_at=self.due_at, warn_at=self.warn_at, running=self.is_pending)

    @property
    def is_pending(self):
        return self.status == ConfirmationStatus.PENDING


class CaseMessage(models.Model):
    """One message of the case's conversation between the front desk and the department."""

    case = models.ForeignKey("approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, verbose_name=_("发送人"), on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("发送方"), max_length=12, choices=ThreadSide.choices)
    body = models.TextField(_("内容"))
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办件对话")
        verbose_name_plural = _("办件对话")
        ordering = ["pk"]
        indexes = [models.Index(fields=["case", "id"], name="casemessage_case_id")]

    def __str__(self):
        return f"{self.case_id} {self.get_side_display()} {self.at:%m-%d %H:%M}"


class ThreadRead(models.Model):
    """How far a user has read a case's conversation (for the unread counts)."""

    case = models.ForeignKey("approvals.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    last_message_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("对话已读进度")
        verbose_name_plural = _("对话已读进度")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="threadread_case_user")]

    def __str__(self):
        return f"{self.case_id}@{self.user_id}:{self.last_message_id}"


class PaperBag(models.Model):
    """前台受理文件袋: the paper of a case on its way desk → courier → department → archive."""

    case = models.ForeignKey("approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("文件袋编号"), max_length=40, unique=True)
    stage = models.CharField(_("当前环节"), max_length=12, choices=BagStage.choices, default=BagStage.DESK)
    created_by = models.ForeignKey(USER, verbose_name=_("封袋人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("封袋时间"), default=timezone.now)
    next_due_at = models.DateTimeField(_("下一交接时限"), null=True, blank=True, db_index=True)
    warn_at = models.DateTimeField(_("黄灯预警时间"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("交接逾时记录时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("归档时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("前台受理文件袋")
        verbose_name_plural = _("前台受理文件袋")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.code

    @property
    def next_stage(self):
        index = BAG_ROUTE.index(BagStage(self.stage))
        return BAG_ROUTE[index + 1] if index + 1 < len(BAG_ROUTE) else None

    def level_at(self, now):
        return level_of(now=now, due_at=self.next_due_at, warn_at=self.warn_at, running=self.done_at is None)


class BagHandover(models.Model):
    """One handover of a bag, scanned (the bag code typed or read) or confirmed by hand."""

    bag = models.ForeignKey(PaperBag, verbose_name=_("文件袋"), on_delete=models.CASCADE, related_name="handovers")
    stage = models.CharField(_("环节"), max_length=12, choices=BagStage.choices)
    recorded_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    receiver_name = models.CharField(_("接收人"), max_length=50)
    scanned = models.BooleanField(_("扫码交接"), default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    at = models.DateTimeField(_("交接时间"), default=timezone.now)

    class Meta:
        verbose_name = _("文件袋交接记录")
        verbose_name_plural = _("文件袋交接记录")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["bag", "stage"], name="baghandover_once_per_stage")]

    def __str__(self):
        return f"{self.bag_id} {self.get_stage_display()} {self.receiver_name}"
