"""上门办: a home visit for the disabled and elderly, with its own clock (stored due and warning
times, one overdue notice), taken in on site as a case."""

from django.conf import settings
from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.constants import ApplicantType
from hall.fields import BlindIndexField, EncryptedCharField
from hall.identity import mask_id_number, mask_phone
from homevisits.constants import OPEN_STATUSES, Reason, VisitChannel, VisitStatus


class HomeVisitQuerySet(models.QuerySet):
    def with_level(self, now=None):
        """red past the due time, yellow from the warning time, green before; none once closed."""
        now = now or timezone.now()
        return self.annotate(
            level=SqlCase(
                When(~Q(status__in=OPEN_STATUSES), then=Value("none")),
                When(due_at__lt=now, then=Value("red")),
                When(warn_at__lte=now, then=Value("yellow")),
                default=Value("green"),
                output_field=models.CharField(max_length=8),
            )
        )


class HomeVisit(models.Model):
    number = models.CharField(_("上门办编号"), max_length=24, unique=True)
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="+"
    )
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人"), max_length=100)
    applicant_id_number = EncryptedCharField(_("证件号码"), max_length=18)
    applicant_id_number_index = BlindIndexField(_("证件号码索引"), source="applicant_id_number")
    applicant_phone = EncryptedCharField(_("联系电话"), max_length=20)
    address = models.CharField(_("上门地址"), max_length=200)
    preferred_times = models.CharField(_("方便上门的时间"), max_length=200)
    reason = models.CharField(_("申请原因"), max_length=10, choices=Reason.choices)
    reason_note = models.CharField(_("情况说明"), max_length=300, blank=True)
    channel = models.CharField(_("申请渠道"), max_length=8, choices=VisitChannel.choices)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.REQUESTED, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上门人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("派单人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("上门期限"))
    warn_at = models.DateTimeField(_("黄灯预警时间"))
    overdue_notified_at = models.DateTimeField(_("超期通知时间"), null=True, blank=True)
    case = models.OneToOneField(
        "approvals.Case", verbose_name=_("办件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField(_("上门时间"), null=True, blank=True)
    visit_note = models.TextField(_("上门记录"), blank=True)
    created_at = models.DateTimeField(_("申请时间"))

    objects = HomeVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("上门办")
        verbose_name_plural = _("上门办")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="homevisit_due",
                condition=Q(status__in=["requested", "assigned"], overdue_notified_at__isnull=True),
            ),
            models.Index(fields=["department", "status"], name="homevisit_dept_status"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def masked_id_number(self):
        return mask_id_number(self.applicant_id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.applicant_phone)
