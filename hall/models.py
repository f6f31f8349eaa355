"""The hall's organisation: windows, staff with their roles, applicants' profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hall.constants import DEPARTMENT_ROLES, ApplicantType, HallLevel, Role, WindowKind
from hall.fields import BlindIndexField, EncryptedCharField
from hall.identity import clean_id_number, mask_id_number, mask_phone


class Hall(models.Model):
    """One service hall of the city's network (市、县、乡、村): 政务服务中心, 便民服务中心 or 代办点.

    Halls form a tree. `path` holds the codes from the root down ("/SF/SFX/CQZ/") so "this hall and
    everything below it" is one indexed prefix match. Windows, staff, departments, cases and tickets
    belong to a hall; a single-hall deployment is a tree of one (the home hall, HALL_CODE).
    """

    code = models.SlugField(_("大厅代码"), max_length=20, unique=True, help_text=_("用于路径和编号，例如 SFX"))
    name = models.CharField(_("大厅名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    level = models.CharField(_("层级"), max_length=12, choices=HallLevel.choices, default=HallLevel.COUNTY)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级大厅"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    hours = models.CharField(_("办公时间"), max_length=120, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    seal_line = models.CharField(
        _("文书落款"), max_length=100, blank=True, help_text=_("打印在通知书上的落款；留空则用大厅名称")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务大厅")
        verbose_name_plural = _("服务大厅")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.compute_path()
        super().save(*args, **kwargs)

    @property
    def display_seal_line(self):
        return self.seal_line or self.name

    @property
    def depth(self):
        return self.path.strip("/").count("/")

    def compute_path(self):
        return f"{self.parent.path if self.parent_id else '/'}{self.code}/"

    def clean(self):
        if self.parent_id and self.pk and (self.parent_id == self.pk or self.parent.path.startswith(self.path or "-")):
            raise ValidationError({"parent": gettext("上级大厅不能是本大厅或其下级。")})

    def is_within(self, other):
        """This hall is `other` or below it."""
        return other is not None and self.path.startswith(other.path)


def default_hall_id():
    """The deployment's home hall (HALL_CODE), made from HALL_NAME / HALL_ADDRESS when missing.

    The default of every hall foreign key, so a single-hall deployment never has to name its hall.
    """
    code = getattr(settings, "HALL_CODE", "home")
    hall = Hall.objects.filter(code=code).only("pk").first()
    if hall is None:
        hall, _created = Hall.objects.get_or_create(
            code=code,
            defaults={
                "name": settings.HALL_NAME,
                "address": getattr(settings, "HALL_ADDRESS", ""),
                "level": getattr(settings, "HALL_LEVEL", HallLevel.COUNTY),
                "path": f"/{code}/",
            },
        )
    return hall.pk


class Window(models.Model):
    """A counter in the hall; its number is printed on receipts."""

    hall = models.ForeignKey(
        Hall, verbose_name=_("所属大厅"), default=default_hall_id, on_delete=models.PROTECT, related_name="windows"
    )
    number = models.CharField(_("窗口号"), max_length=16)
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
            models.UniqueConstraint(
                fields=["hall", "number"],
                name="window_number_unique_in_hall",
                violation_error_message=_("本大厅已有此窗口号。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind=WindowKind.SPECIALISED) | Q(department__isnull=False),
                name="window_specialised_has_department",
                violation_error_message=_("专业窗口必须指定所属部门。"),
            ),
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
    # Where the person works: a clerk's window's hall, a department's hall, or the hall a
    # supervisor or hall admin answers for (they see it and every hall below it).
    hall = models.ForeignKey(
        Hall, verbose_name=_("所属大厅"), default=default_hall_id, on_delete=models.PROTECT, related_name="staff"
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
