"""The catalog: departments, service items (政务服务事项), their materials and review
steps, item versions, and chains (一件事一次办)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from catalog.constants import (
    ApplicantType,
    ItemKind,
    ItemType,
    MaterialForm,
    MaterialSource,
    ResultType,
)
from hall.models import default_hall_id


def pinyin_initials(text):
    """食品经营许可 → "spjyxk": what applicants type into a search box on a phone."""
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(ch for ch in "".join(letters).lower() if ch.isascii() and ch.isalnum())


class Department(models.Model):
    """A body with approval powers (实施主体), usually stationed in the hall."""

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡镇（街道）")

    code = models.SlugField(_("部门代码"), max_length=32, unique=True)
    name = models.CharField(_("部门名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, default=Level.COUNTY)
    # The hall the department sits in (and decides in): its cases' 审批大厅.
    hall = models.ForeignKey(
        "hall.Hall",
        verbose_name=_("所在大厅"),
        default=default_hall_id,
        on_delete=models.PROTECT,
        related_name="departments",
    )
    stationed_in_hall = models.BooleanField(_("进驻大厅"), default=True)
    chief_representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首席代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chief_of_departments",
    )
    window_numbers = models.CharField(_("窗口"), max_length=60, blank=True, help_text=_("例如：12—15号窗口"))
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Item(models.Model):
    """One catalog item (its public page is the 办事指南).

    Editing an item never changes a case already accepted: cases point at an
    ItemVersion snapshot taken when they were created.
    """

    code = models.CharField(_("事项编码"), max_length=64, unique=True)
    name = models.CharField(_("事项名称"), max_length=200, db_index=True)
    short_pinyin = models.CharField(_("拼音首字母"), max_length=64, blank=True, db_index=True)
    department = models.ForeignKey(
        Department, verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="items"
    )
    item_type = models.CharField(_("事项类型"), max_length=24, choices=ItemType.choices, default=ItemType.LICENSING)
    theme = models.CharField(_("主题分类"), max_length=40, blank=True, db_index=True)
    kind = models.CharField(
        _("办件类型"), max_length=16, choices=ItemKind.choices, default=ItemKind.PROMISED, db_index=True
    )
    legal_limit_days = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"), default=20)
    promised_limit_days = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"), default=5)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    acceptance_conditions = models.TextField(_("受理条件"), blank=True)
    applicant_types = models.JSONField(_("申请主体"), default=list, help_text=f"{ApplicantType.values}")
    max_visits = models.PositiveSmallIntegerField(
        _("到办事现场次数"), default=1, choices=[(0, _("0次")), (1, _("1次")), (2, _("2次"))]
    )
    online = models.BooleanField(_("可网上办理"), default=True, db_index=True)
    # 全市通办: any hall of the city may receive it; the implementation of the nearest hall above
    # (or the basic item's department) decides.
    citywide = models.BooleanField(_("全市通办"), default=False)
    fee_charged = models.BooleanField(_("是否收费"), default=False)
    fee_amount = models.DecimalField(_("收费标准（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_basis = models.TextField(_("收费依据"), blank=True)
    result_type = models.CharField(
        _("办理结果类型"), max_length=24, choices=ResultType.choices, default=ResultType.CERTIFICATE
    )
    result_name = models.CharField(_("办理结果名称"), max_length=100, blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("证照默认有效期（年）"),
        null=True,
        blank=True,
        help_text=_("制证时有效期默认从发证之日起计算的年数；留空则由制证人员填写"),
    )
    validity_long_term = models.BooleanField(
        _("证照长期有效"), default=False, help_text=_("法律法规规定证照长期有效的，勾选此项")
    )
    regulators = models.ManyToManyField(
        Department, verbose_name=_("监管部门"), blank=True, related_name="regulated_items"
    )
    warn_days = models.PositiveSmallIntegerField(
        _("黄灯预警提前工作日"),
        null=True,
        blank=True,
        help_text=_("留空则按默认：截止前2个工作日或时限的20%（取大者）"),
    )
    allows_commitment = models.BooleanField(_("可告知承诺"), default=False)
    allows_deficiency = models.BooleanField(_("可容缺受理"), default=False)
    consult_phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    notes = models.TextField(_("温馨提示"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True, db_index=True)
    version = models.PositiveIntegerField(_("当前版本"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")
        ordering = ["department__sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_limit_days__lte=F("legal_limit_days")),
                name="item_promised_within_legal",
                violation_error_message=_("承诺办结时限不得超过法定办结时限。"),
            ),
            models.CheckConstraint(
                condition=Q(max_visits__lte=2),
                name="item_max_visits_at_most_two",
                violation_error_message=_("到办事现场次数只能是0、1或2次。"),
            ),
        ]
        indexes = [models.Index(fields=["department", "kind"])]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def save(self, *args, **kwargs):
        # Keep the pinyin initials in step with the name, whichever path saves the item.
        self.short_pinyin = pinyin_initials(self.name)[:64]
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "short_pinyin"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        legal, promised = self.legal_limit_days, self.promised_limit_days
        # Only compare real numbers: clean_fields() has already reported anything else.
        if isinstance(legal, int) and isinstance(promised, int) and promised > legal:
            message = _("承诺办结时限（%(promised)s个工作日）不得超过法定办结时限（%(legal)s个工作日）。")
            errors["promised_limit_days"] = message % {"promised": promised, "legal": legal}
        if self.fee_charged and self.fee_amount is None:
            errors["fee_amount"] = _("收费事项须填写收费标准。")
        if not self.fee_charged and self.fee_amount:
            errors["fee_amount"] = _("不收费的事项不应填写收费标准。")
        if self.validity_long_term and self.validity_years:
            errors["validity_years"] = _("证照长期有效的事项不应再填写有效期年数。")
        if self.validity_years == 0:
            errors["validity_years"] = _("有效期年数至少为1年；长期有效请勾选“证照长期有效”。")
        types = self.applicant_types
        if not isinstance(types, list) or any(t not in ApplicantType.values for t in types):
            allowed = "、".join(f"{value}（{label}）" for value, label in ApplicantType.choices)
            errors["applicant_types"] = _("申请主体只能是：%(choices)s。") % {"choices": allowed}
        if errors:
            raise ValidationError(errors)

    @property
    def limits_text(self):
        """ "法定20个工作日，承诺5个工作日" (即办件: 当场办结)."""
        if self.kind == ItemKind.INSTANT and not self.promised_limit_days:
            return _("法定%(legal)s个工作日，承诺即时办结") % {"legal": self.legal_limit_days}
        return _("法定%(legal)s个工作日，承诺%(promised)s个工作日") % {
            "legal": self.legal_limit_days,
            "promised": self.promised_limit_days,
        }

    def applicant_type_labels(self):
        labels = dict(ApplicantType.choices)
        return [str(labels.get(t, t)) for t in self.applicant_types or []]


class ReviewStep(models.Model):
    """One step of an item's back-office review (受理 → 审查 → 踏勘 → 审批 → 制证)."""

    item = models.ForeignKey(Item, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("环节名称"), max_length=40)
    limit_days = models.PositiveSmallIntegerField(_("环节时限（工作日）"), null=True, blank=True)
    decides = models.BooleanField(_("决定环节"), default=False, help_text=_("由首席代表作出准予/不予许可决定"))
    opinion_required = models.BooleanField(
        _("须填写审查意见"), default=False, help_text=_("本环节办理完毕转入下一环节时，须填写审查意见")
    )

    class Meta:
        verbose_name = _("审批环节")
        verbose_name_plural = _("审批环节")
        ordering = ["item", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "position"], name="step_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.name}"


class MaterialRequirement(models.Model):
    """One material an item asks for (申请材料)."""

    item = models.ForeignKey(Item, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必要"), default=True)
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=0)
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=1)
    form = models.CharField(_("材料形式"), max_length=16, choices=MaterialForm.choices, default=MaterialForm.EITHER)
    source = models.CharField(
        _("来源渠道"), max_length=16, choices=MaterialSource.choices, default=MaterialSource.APPLICANT
    )
    issuing_department = models.CharField(_("出具单位"), max_length=100, blank=True)
    template = models.FileField(_("空白表格"), upload_to="catalog/templates/", blank=True)
    sample = models.FileField(_("示例样表"), upload_to="catalog/samples/", blank=True)
    notes = models.TextField(_("填报须知"), blank=True)
    may_commit = models.BooleanField(_("可承诺后补"), default=False)
    may_be_deficient = models.BooleanField(_("可容缺"), default=False)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["item", "position", "id"]

    def __str__(self):
        return self.name


class ItemVersion(models.Model):
    """A frozen copy of an item, its materials and steps; cases keep the one they began with."""

    item = models.ForeignKey(Item, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("内容快照"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修订人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="item_version_unique_number")]

    def __str__(self):
        return f"{self.item.code} v{self.number}"


class Chain(models.Model):
    """一件事一次办 / 一链办理: items applied for together."""

    code = models.SlugField(_("编码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    theme = models.CharField(_("主题分类"), max_length=40, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ChainStep(models.Model):
    """One item in a chain. Steps with no predecessor run in parallel (并联); the rest wait."""

    chain = models.ForeignKey(Chain, verbose_name=_("一件事"), on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("顺序"))
    item = models.ForeignKey(Item, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="chain_steps")
    waits_for = models.ManyToManyField(
        "self", verbose_name=_("前置环节"), symmetrical=False, blank=True, related_name="unblocks"
    )

    class Meta:
        verbose_name = _("一件事环节")
        verbose_name_plural = _("一件事环节")
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="chainstep_unique_position"),
            models.UniqueConstraint(fields=["chain", "item"], name="chainstep_unique_item"),
        ]

    def __str__(self):
        return f"{self.chain.code}#{self.position} {self.item.name}"
