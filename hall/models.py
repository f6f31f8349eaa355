"""The hall's organisation: windows, staff with their roles, applicants' profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hall.constants import DEPARTMENT_ROLES, ApplicantType, Role, WindowKind
from hall.fields import BlindIndexField, EncryptedCharField
from hall.identity import clean_id_number, mask_id_number, mask_phone


class Window(models.Model):
    """A counter in the hall; its number is printed on receipts."""

    number = models.CharField(_("窗口号"), max_length=16, unique=True)
    name = models.CharField(_("窗口名称"), max_length=60)
    kind = models.CharField(_("窗口类型"), max_length=20, choices=WindowKind.choices, db_index=True)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="windows",
        help_text=_("专业窗口须填写；综合受理窗口和出件窗口留空。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=WindowKind.SPECIALISED) | Q(department__isnull=False),
                name="window_specialised_has_department",
                violation_error_message=_("专业窗口必须指定所属部门。"),
            )
        ]

    def __str__(self):
        return gettext("%(number)s号窗口 %(name)s") % {"number": self.number, "name": self.name}


class StaffProfile(models.Model):
    """Ties a user to a role, and to a department and/or a window."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, db_index=True)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    window = models.ForeignKey(
        Window, verbose_name=_("窗口"), null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["role", "user__username"]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.get_role_display()}）"

    def clean(self):
        errors = {}
        if self.role in DEPARTMENT_ROLES and not self.department_id:
            errors["department"] = gettext("部门审查人员和首席代表必须指定部门。")
        if self.role == Role.FRONT_DESK and self.window_id is None:
            errors["window"] = gettext("综合受理人员必须指定窗口。")
        if self.role == Role.DELIVERY and self.window_id is None:
            errors["window"] = gettext("出件窗口人员必须指定窗口。")
        if errors:
            raise ValidationError(errors)


class ApplicantProfile(models.Model):
    """An applicant's account details, reused on every case they apply for online."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="applicant_profile",
    )
    applicant_type = models.CharField(
        _("申请人类型"), max_length=16, choices=ApplicantType.choices, default=ApplicantType.PERSON
    )
    name = models.CharField(_("姓名或名称"), max_length=100)
    # Encrypted at rest; search by the blind indexes (hall.crypto.blind_index).
    id_number = EncryptedCharField(_("证件号码"), max_length=18, help_text=_("公民身份号码或统一社会信用代码"))
    phone = EncryptedCharField(_("联系电话"), max_length=20)
    id_number_index = BlindIndexField(_("证件号码索引"), source="id_number")
    phone_index = BlindIndexField(_("联系电话索引"), source="phone")
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")
        ordering = ["id"]

    def __str__(self):
        return f"{self.name}（{mask_id_number(self.id_number)}）"

    def clean(self):
        try:
            self.id_number = clean_id_number(applicant_type=self.applicant_type, value=self.id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages}) from exc

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)
