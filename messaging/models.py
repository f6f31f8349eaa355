"""Messages to applicants: the editable templates, one row per (event, channel), opt-outs."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.fields import EncryptedCharField
from hall.identity import mask_phone
from messaging import placeholders
from messaging.constants import Channel, Kind, Status


class MessageTemplate(models.Model):
    """The hall admin's wording of one kind of message (Chinese, with {placeholders})."""

    kind = models.CharField(_("消息类型"), max_length=16, choices=Kind.choices, unique=True)
    title = models.CharField(_("标题"), max_length=100, help_text=_("站内消息标题和邮件主题，可用占位符"))
    body = models.TextField(
        _("正文"), help_text=_("短信、站内消息和邮件共用；短信发送时在开头自动加上签名，如【示范县政务服务中心】")
    )
    gateway_template_id = models.CharField(
        _("短信平台模板编号"),
        max_length=60,
        blank=True,
        help_text=_("在短信服务商处报备的模板编号（HTTP 短信网关使用）"),
    )
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后该类消息不再发送"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息模板")
        verbose_name_plural = _("消息模板")
        ordering = ["id"]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        if self.kind not in Kind.values:
            return  # the kind field reports its own error
        errors = {}
        for field, require in (("title", False), ("body", True)):
            label = self._meta.get_field(field).verbose_name
            try:
                placeholders.check(self.kind, getattr(self, field), field_label=label, require=require)
            except ValidationError as exc:
                errors[field] = exc.error_list
        if errors:
            raise ValidationError(errors)


def phone_digest(phone):
    """A keyed hash of the phone number: opt-outs are matched without storing the number."""
    number = "".join(ch for ch in phone or "" if ch.isdigit())
    return hmac.new(settings.SECRET_KEY.encode(), f"phone:{number}".encode(), hashlib.sha256).hexdigest()


class Message(models.Model):
    """One message about one case event on one channel: the outbox of the outside world and the
    record of what was sent (attempts, last error, status). Never deleted on failure."""

    event = models.ForeignKey(
        "approvals.CaseEvent", verbose_name=_("办件事件"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="applicant_messages"
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("消息类型"), max_length=16, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applicant_messages",
    )
    phone = EncryptedCharField(_("手机号码"), max_length=20, blank=True)  # encrypted at rest (hall.fields)
    email = models.EmailField(_("电子邮箱"), blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    params = models.JSONField(_("模板参数"), default=dict, blank=True)
    gateway_template_id = models.CharField(_("短信平台模板编号"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次重试时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    gateway_message_id = models.CharField(_("平台回执编号"), max_length=100, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("办件消息")
        verbose_name_plural = _("办件消息")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "channel"], name="message_one_per_event_channel")]
        indexes = [
            models.Index(fields=["recipient", "channel", "-created_at"], name="message_inbox"),
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.get_kind_display()}（{self.get_channel_display()}）"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def unread(self):
        return self.read_at is None


class ContactPreference(models.Model):
    """An applicant account's choice of channels (today: SMS on or off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="contact_preference"
    )
    sms_opt_out = models.BooleanField(_("不接收短信"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息接收设置")
        verbose_name_plural = _("消息接收设置")

    def __str__(self):
        return str(self.user)


class SmsOptOut(models.Model):
    """A phone number that asked the hall (at a window) to send it no SMS; stored as a keyed
    hash, with only the masked number for people to read."""

    phone_digest = models.CharField(_("号码摘要"), max_length=64, unique=True, editable=False)
    masked_phone = models.CharField(_("手机号码"), max_length=20, editable=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("短信退订登记")
        verbose_name_plural = _("短信退订登记")
        ordering = ["-created_at"]

    def __str__(self):
        return self.masked_phone
