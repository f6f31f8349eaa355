"""审管互动: handoffs of decided cases to regulators, joint reviews, threads between the
approval and the regulating departments, and the signed webhooks to regulators' own systems.

Every deadline here is stored on its row (deadline_at, warn_at) on the hall's working-day
clock; yellow_notified_at / red_notified_at record that a level was announced, once.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog import clock
from regulators.constants import (
    AckChannel,
    ClockMode,
    DeliveryStatus,
    HandoffKind,
    JointReviewKind,
    JointReviewStatus,
    Opinion,
    RequestTopic,
    ThreadKind,
    ThreadStatus,
)


class Timed(models.Model):
    """A stored deadline on the hall's clock, red/yellow/green, announced once per level."""

    deadline_at = models.DateTimeField(_("期限"), db_index=True)
    warn_at = models.DateTimeField(_("黄灯预警时间"))
    provisional = models.BooleanField(_("期限待确认"), default=False)
    yellow_notified_at = models.DateTimeField(_("黄灯通知时间"), null=True, blank=True, editable=False)
    red_notified_at = models.DateTimeField(_("红灯通知时间"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def is_done(self):  # pragma: no cover - every subclass says when its clock stops
        raise NotImplementedError

    def level(self, now):
        return clock.level_for(
            now=now, deadline_at=self.deadline_at, warn_at=self.warn_at, clock_running=not self.is_done()
        )


class RegulatorEndpoint(models.Model):
    """A regulator's own system: where its handoffs are posted (signed) and its token to acknowledge."""

    department = models.OneToOneField(
        "catalog.Department", verbose_name=_("监管部门"), on_delete=models.CASCADE, related_name="regulator_endpoint"
    )
    url = models.URLField(_("接收地址"), max_length=300)
    secret = models.CharField(_("签名密钥"), max_length=128, help_text=_("用于 HMAC-SHA256 签名，双方共同保管"))
    token_hash = models.CharField(_("访问令牌摘要"), max_length=64, blank=True, editable=False, db_index=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("监管部门系统对接")
        verbose_name_plural = _("监管部门系统对接")

    def __str__(self):
        return f"{self.department.name} → {self.url}"

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()


class Handoff(Timed):
    """审批结果推送: one decided (or revoked/changed) case pushed to one regulating department."""

    case = models.ForeignKey("approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="+")
    regulator = models.ForeignKey(
        "catalog.Department", verbose_name=_("监管部门"), on_delete=models.PROTECT, related_name="handoffs"
    )
    kind = models.CharField(_("推送类型"), max_length=12, choices=HandoffKind.choices, default=HandoffKind.DECISION)
    source_event_id = models.PositiveBigIntegerField(_("来源事件"))
    outcome = models.CharField(_("审批结果"), max_length=10, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    summary = models.JSONField(_("推送内容"), default=dict, help_text=_("办件、结果、材料清单和办理过程摘要"))
    created_at = models.DateTimeField(_("推送时间"), db_index=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_via = models.CharField(_("签收方式"), max_length=8, choices=AckChannel.choices, blank=True)
    ack_note = models.CharField(_("签收意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("审批结果推送")
        verbose_name_plural = _("审批结果推送")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source_event_id", "regulator"], name="handoff_once_per_event_regulator")
        ]
        indexes = [
            models.Index(fields=["regulator", "deadline_at"], name="handoff_waiting", condition=Q(acknowledged_at=None))
        ]

    def __str__(self):
        return f"{self.summary.get('case_number', self.case_id)} → {self.regulator_id}"

    def is_done(self):
        return self.acknowledged_at is not None


class JointReviewRule(models.Model):
    """Per item: whether the law lets a joint review stop the clock (特别程序)."""

    item = models.OneToOneField(
        "catalog.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="joint_review_rule"
    )
    suspends_clock = models.BooleanField(_("联合审查/踏勘期间中止计时"), default=False)
    legal_basis = models.CharField(_("依据"), max_length=300, blank=True)
    default_days = models.PositiveSmallIntegerField(_("默认答复时限（工作日）"), default=3)

    class Meta:
        verbose_name = _("联合审查规则")
        verbose_name_plural = _("联合审查规则")

    def __str__(self):
        return str(self.item)


class JointReview(Timed):
    """联合审查 / 联合踏勘: the reviewing department asks other departments for opinions."""

    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="joint_reviews"
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("发起部门"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=JointReviewKind.choices)
    subject = models.CharField(_("事由"), max_length=200)
    materials = models.JSONField(_("提供材料"), default=list)
    limit_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    clock_mode = models.CharField(_("办件计时"), max_length=10, choices=ClockMode.choices)
    site_at = models.DateTimeField(_("踏勘时间"), null=True, blank=True)
    site_address = models.CharField(_("踏勘地点"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=JointReviewStatus.choices, default="open")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conclusion = models.TextField(_("汇总意见"), blank=True)

    class Meta:
        verbose_name = _("联合审查/踏勘")
        verbose_name_plural = _("联合审查/踏勘")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="open"), name="joint_review_one_open_per_case")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_id}"

    def is_done(self):
        return self.status == JointReviewStatus.CLOSED


class Invitation(Timed):
    """One invited department's part in a joint review: who takes part, and its opinion."""

    review = models.ForeignKey(
        JointReview, verbose_name=_("联合审查"), on_delete=models.CASCADE, related_name="invitations"
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("受邀部门"), on_delete=models.PROTECT, related_name="joint_invitations"
    )
    participants = models.CharField(_("参加人员"), max_length=200, blank=True)
    opinion = models.CharField(_("意见"), max_length=12, choices=Opinion.choices, blank=True)
    reasons = models.TextField(_("条件或理由"), blank=True)
    file = models.FileField(_("附件"), upload_to="regulators/opinions/%Y/%m/", blank=True, max_length=255)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("联合审查邀请")
        verbose_name_plural = _("联合审查邀请")
        ordering = ["review", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "department"], name="invitation_once_per_department")]

    def __str__(self):
        return f"{self.review_id} → {self.department_id}"

    def is_done(self):
        return self.answered_at is not None or self.review.status == JointReviewStatus.CLOSED

    @property
    def answered_late(self):
        return self.answered_at is not None and self.answered_at > self.deadline_at


class Thread(Timed):
    """监管协同 / 变更告知 / 业务会商 between two departments, with a deadline to acknowledge or answer."""

    kind = models.CharField(_("类型"), max_length=16, choices=ThreadKind.choices)
    topic = models.CharField(_("事由类别"), max_length=12, choices=RequestTopic.choices, blank=True)
    from_department = models.ForeignKey(
        "catalog.Department", verbose_name=_("发起部门"), on_delete=models.PROTECT, related_name="+"
    )
    to_department = models.ForeignKey(
        "catalog.Department", verbose_name=_("接收部门"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("相关办件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("相关事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    licensee = models.CharField(_("被许可人"), max_length=100, blank=True)
    subject = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"))
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协同事项")
        verbose_name_plural = _("协同事项")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject

    def is_done(self):
        if self.kind == ThreadKind.REQUEST_BACK:
            return self.answered_at is not None or self.status == ThreadStatus.CLOSED
        return self.acknowledged_at is not None or self.status == ThreadStatus.CLOSED


class ThreadMessage(models.Model):
    thread = models.ForeignKey(Thread, verbose_name=_("协同事项"), on_delete=models.CASCADE, related_name="messages")
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("内容"))
    file = models.FileField(_("附件"), upload_to="regulators/threads/%Y/%m/", blank=True, max_length=255)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("协同留言")
        verbose_name_plural = _("协同留言")
        ordering = ["thread", "at", "id"]

    def __str__(self):
        return self.body[:40]


class WebhookDelivery(models.Model):
    """One signed POST of a handoff to a regulator's system; retried with backoff, then dead-lettered."""

    handoff = models.ForeignKey(Handoff, verbose_name=_("推送"), on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        RegulatorEndpoint, verbose_name=_("接收系统"), on_delete=models.CASCADE, related_name="deliveries"
    )
    payload = models.JSONField(_("报文"))
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True, db_index=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    replayed_at = models.DateTimeField(_("最近重放时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("对接推送记录")
        verbose_name_plural = _("对接推送记录")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.handoff_id} → {self.endpoint_id} ({self.get_status_display()})"
