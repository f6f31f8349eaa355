"""告知承诺 and 容缺受理: each item's rules, the letter per case, each promised material's own
clock (with its reminders), rectification orders, the 失信名单 and credit repair.

Deadlines are stored on the rows (due_at, warn_at), so red/yellow/green is a comparison in SQL,
and every reminder is a row sent exactly once (sent_at set under the row lock).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.constants import (
    CommitmentKind,
    CommitmentStatus,
    Level,
    ListingStatus,
    PeriodUnit,
    RectificationStatus,
    SignedVia,
    TrustClass,
    Withhold,
)
from hall.constants import ApplicantType
from hall.fields import BlindIndexField, EncryptedCharField
from hall.identity import mask_id_number

DEFAULT_CONSEQUENCES = _(
    "申请人未在承诺期限内补交材料、承诺内容与实际情况不符或者违反承诺的，审批部门将责令限期整改；"
    "逾期仍未整改的，依法撤销已作出的许可决定，将申请人列入失信名单并向社会公示，"
    "且自列入之日起两年内不得适用告知承诺方式办理；构成违法的，依法追究法律责任。"
)


def level_of(*, now, due_at, warn_at, running):
    if not running or due_at is None:
        return Level.NONE.value
    if now > due_at:
        return Level.RED.value
    if warn_at is not None and now >= warn_at:
        return Level.YELLOW.value
    return Level.GREEN.value


class ItemCommitmentConfig(models.Model):
    """An item's 告知承诺 / 容缺受理 rules (kept beside the catalog, keyed to its item).

    Which materials may be promised or left deficient are the catalog's own flags on the
    materials (可承诺后补, 可容缺), switched on by the item's 可告知承诺 / 可容缺受理.
    """

    item = models.OneToOneField(
        "catalog.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="commitment_config"
    )
    trust_class = models.CharField(
        _("承诺类型"), max_length=16, choices=TrustClass.choices, default=TrustClass.SUPPLY_LATER
    )
    period_amount = models.PositiveSmallIntegerField(_("补交期限"), default=2)
    period_unit = models.CharField(_("期限单位"), max_length=16, choices=PeriodUnit.choices, default=PeriodUnit.MONTHS)
    onsite_check = models.BooleanField(_("须现场核查"), default=False)
    onsite_check_note = models.CharField(_("现场核查内容"), max_length=200, blank=True)
    conditions = models.TextField(_("许可条件"), blank=True, help_text=_("印入告知承诺书"))
    proof_text = models.TextField(
        _("可承诺替代的证明事项"), blank=True, help_text=_("证明事项告知承诺：以承诺替代的证明及承诺内容")
    )
    consequences = models.TextField(_("违诺后果"), blank=True, help_text=_("留空则用默认文字"))
    deficiency_period_amount = models.PositiveSmallIntegerField(_("容缺补齐期限"), default=5)
    deficiency_period_unit = models.CharField(
        _("容缺期限单位"), max_length=16, choices=PeriodUnit.choices, default=PeriodUnit.WORKING_DAYS
    )
    deficiency_withholds = models.CharField(
        _("容缺材料补齐前"), max_length=10, choices=Withhold.choices, default=Withhold.RESULT
    )
    rectification_days = models.PositiveSmallIntegerField(_("整改期限（工作日）"), default=10)
    reminder_days = models.CharField(
        _("提醒提前天数"), max_length=40, default="15,3,0", help_text=_("逗号分隔，0 表示到期当日")
    )

    class Meta:
        verbose_name = _("告知承诺配置")
        verbose_name_plural = _("告知承诺配置")

    def __str__(self):
        return f"{self.item.name}（{self.get_trust_class_display()}）"

    @property
    def period_text(self):
        # "2个月" in Chinese, "2 months" in English: the joining is the language's own.
        return gettext("%(amount)s%(unit)s") % {"amount": self.period_amount, "unit": self.get_period_unit_display()}

    @property
    def consequences_text(self):
        return self.consequences or str(DEFAULT_CONSEQUENCES)

    def lead_days(self):
        days = set()
        for part in (self.reminder_days or "").replace("，", ",").split(","):
            part = part.strip()
            if part.isdigit():
                days.add(int(part))
        return sorted(days, reverse=True)


class CommitmentLetter(models.Model):
    """告知承诺书 of one case: its text as generated, and who signed it, when, how."""

    case = models.OneToOneField(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="commitment_letter"
    )
    text = models.TextField(_("承诺书正文"))
    text_sha256 = models.CharField(_("正文SHA-256"), max_length=64)
    materials = models.JSONField(_("承诺材料"), default=list, blank=True, help_text=_("承诺书列明的材料要求编号"))
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    signed_via = models.CharField(_("签署方式"), max_length=8, choices=SignedVia.choices, blank=True)
    signer_name = models.CharField(_("签署人"), max_length=100, blank=True)
    signer_id_masked = models.CharField(_("签署人证件号码"), max_length=24, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("网上签署为申请人本人账号；窗口签署为登记的工作人员"),
    )
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    onsite_checked_at = models.DateTimeField(_("现场核查时间"), null=True, blank=True)
    onsite_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    onsite_note = models.TextField(_("核查情况"), blank=True)

    class Meta:
        verbose_name = _("告知承诺书")
        verbose_name_plural = _("告知承诺书")

    def __str__(self):
        return f"{self.case_id} 告知承诺书"

    @property
    def signed(self):
        return self.signed_at is not None


def supply_upload_to(instance, filename):
    return f"cases/{instance.case.number}/commitment-{instance.requirement_id}-{filename}"


class CommitmentQuerySet(models.QuerySet):
    def running(self):
        return self.filter(status__in=[CommitmentStatus.OPEN, CommitmentStatus.SUPPLIED, CommitmentStatus.RECTIFYING])

    def at_level(self, level, now=None):
        now = now or timezone.now()
        running = self.running()
        if level == Level.RED:
            return running.filter(due_at__lt=now)
        if level == Level.YELLOW:
            return running.filter(due_at__gte=now, warn_at__lte=now)
        if level == Level.GREEN:
            return running.filter(due_at__gte=now, warn_at__gt=now)
        return self.exclude(pk__in=running.values("pk"))


class Commitment(models.Model):
    """One material promised (承诺后补) or left deficient (容缺) on one case, with its due date."""

    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="commitments"
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+")
    requirement_id = models.PositiveIntegerField(_("材料要求编号"))
    name = models.CharField(_("材料名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=12, choices=CommitmentKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN, db_index=True
    )
    started_at = models.DateTimeField(_("起算时间"))
    due_date = models.DateField(_("补交期限"))
    due_at = models.DateTimeField(_("期限届满时间"))
    warn_at = models.DateTimeField(_("黄灯提醒时间"))
    provisional = models.BooleanField(_("期限待确认"), default=False)
    overdue_at = models.DateTimeField(_("逾期时间"), null=True, blank=True)
    supplied_at = models.DateTimeField(_("补交时间"), null=True, blank=True)
    supplied_via = models.CharField(_("补交方式"), max_length=8, choices=SignedVia.choices, blank=True)
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("补交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("补交文件"), upload_to=supply_upload_to, blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reject_reason = models.TextField(_("退回理由"), blank=True)
    fulfilled_at = models.DateTimeField(_("履行时间"), null=True, blank=True)
    on_time = models.BooleanField(_("按期履行"), null=True, blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "requirement_id"], name="commitment_unique_case_requirement")
        ]
        indexes = [
            models.Index(fields=["department", "status", "due_at"], name="commitment_dept_due"),
            models.Index(fields=["due_at"], name="commitment_open_due", condition=Q(status="open")),
        ]

    def __str__(self):
        return f"{self.case_id} {self.name}（{self.get_status_display()}）"

    @property
    def running(self):
        return self.status in (CommitmentStatus.OPEN, CommitmentStatus.SUPPLIED, CommitmentStatus.RECTIFYING)

    def level_at(self, now):
        return level_of(now=now, due_at=self.due_at, warn_at=self.warn_at, running=self.running)

    @property
    def level(self):
        return self.level_at(timezone.now())


class Reminder(models.Model):
    """One reminder to the applicant (N days before, or on the day); sent exactly once."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("承诺事项"), on_delete=models.CASCADE, related_name="reminders"
    )
    lead_days = models.PositiveSmallIntegerField(_("提前天数"))
    send_at = models.DateTimeField(_("发送时间"))
    sent_at = models.DateTimeField(_("已发送"), null=True, blank=True)

    class Meta:
        verbose_name = _("履约提醒")
        verbose_name_plural = _("履约提醒")
        ordering = ["send_at"]
        constraints = [models.UniqueConstraint(fields=["commitment", "lead_days"], name="reminder_once_per_lead")]
        indexes = [models.Index(fields=["send_at"], name="reminder_due", condition=Q(sent_at__isnull=True))]

    def __str__(self):
        return f"{self.commitment_id} -{self.lead_days}d"


class Rectification(models.Model):
    """责令限期整改: opened when a commitment passes its due date unfulfilled."""

    commitment = models.OneToOneField(
        Commitment, verbose_name=_("承诺事项"), on_delete=models.CASCADE, related_name="rectification"
    )
    ordered_at = models.DateTimeField(_("下达时间"))
    due_at = models.DateTimeField(_("整改期限"))
    warn_at = models.DateTimeField(_("黄灯提醒时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    note = models.TextField(_("整改要求"), blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("限期整改")
        verbose_name_plural = _("限期整改")
        ordering = ["due_at"]
        indexes = [models.Index(fields=["due_at"], name="rectification_open_due", condition=Q(status="open"))]

    def __str__(self):
        return f"{self.commitment_id} 整改至{timezone.localdate(self.due_at)}"

    def level_at(self, now):
        return level_of(
            now=now, due_at=self.due_at, warn_at=self.warn_at, running=self.status == RectificationStatus.OPEN
        )


class CreditListing(models.Model):
    """失信名单: an applicant who broke a promise; bars the commitment route until `bars_until`."""

    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="credit_listings"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("承诺事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("列入部门"), on_delete=models.PROTECT, related_name="+"
    )
    subject_type = models.CharField(_("主体类型"), max_length=16, choices=ApplicantType.choices)
    subject_name = models.CharField(_("名称"), max_length=100)
    id_number = EncryptedCharField(_("证件号码"), max_length=18)
    id_number_index = BlindIndexField(_("证件号码索引"), source="id_number")
    reason = models.TextField(_("列入事由"))
    listed_at = models.DateTimeField(_("列入时间"))
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("列入人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    publicity_ends_at = models.DateTimeField(_("公示期满"))
    bars_until = models.DateTimeField(_("限制告知承诺至"))
    status = models.CharField(_("状态"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.ACTIVE)
    repaired_at = models.DateTimeField(_("修复时间"), null=True, blank=True)
    repaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    repair_note = models.TextField(_("修复说明"), blank=True)

    class Meta:
        verbose_name = _("失信名单")
        verbose_name_plural = _("失信名单")
        ordering = ["-listed_at", "-id"]
        indexes = [models.Index(fields=["id_number_index", "status"], name="listing_subject")]

    def __str__(self):
        return f"{self.subject_name}（{self.get_status_display()}）"

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    def in_publicity(self, now=None):
        return self.status == ListingStatus.ACTIVE and (now or timezone.now()) < self.publicity_ends_at


class RegulatorNotice(models.Model):
    """What a regulating department is told (a decision revoked, an applicant listed)."""

    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("监管部门"), on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey("approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监管通报")
        verbose_name_plural = _("监管通报")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text
