"""一件事 applications: one applicant, one form, one material list, one case per item.

Shared materials (材料共享): a material several items need is handed in once (ChainMaterial) and
lent to every case that needs it; ChainMaterialUse records which case material uses it (and
tells approvals the file is lent, so a case never deletes it).
"""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.constants import Channel
from chains.constants import ApplicationState, MeetingOutcome, MeetingState, NoticeKind, OpinionKind, RunState
from hall.constants import ApplicantType
from hall.fields import EncryptedCharField


def chain_material_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"chains/{instance.application.number}/{instance.position:02d}.{ext}"


class ChainTerms(models.Model):
    """A chain's promised limit (承诺时限) as the hall promises it for the whole 一件事."""

    chain = models.OneToOneField("catalog.Chain", verbose_name=_("一件事"), on_delete=models.CASCADE, related_name="+")
    promised_days = models.PositiveSmallIntegerField(
        _("承诺办结时限（工作日）"), null=True, blank=True, help_text=_("0 表示当日办结；与工时二选一")
    )
    promised_hours = models.PositiveSmallIntegerField(
        _("承诺办结时限（工作小时）"), null=True, blank=True, help_text=_("按大厅工作时间计算，如 2 小时办结")
    )
    industry_licence = models.BooleanField(
        _("一业一证"), default=False, help_text=_("办结后核发一张综合行业许可证，扫码可查其中每项许可")
    )
    licence_name = models.CharField(_("行业综合许可证名称"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("一件事承诺时限")
        verbose_name_plural = _("一件事承诺时限")
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_days__isnull=True) | Q(promised_hours__isnull=True),
                name="chainterms_days_or_hours",
            )
        ]

    def __str__(self):
        return str(self.chain)


class WorkingHours(models.Model):
    """The hall's working hours on the calendar's working days (one row per hall)."""

    hall_name = models.CharField(_("大厅"), max_length=60, unique=True, default="本级政务服务中心")
    morning_start = models.TimeField(_("上午上班"), default=time(9, 0))
    morning_end = models.TimeField(_("上午下班"), default=time(12, 0))
    afternoon_start = models.TimeField(_("下午上班"), default=time(13, 30))
    afternoon_end = models.TimeField(_("下午下班"), default=time(17, 30))

    class Meta:
        verbose_name = _("工作时间")
        verbose_name_plural = _("工作时间")
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=models.F("morning_end"))
                & Q(morning_end__lte=models.F("afternoon_start"))
                & Q(afternoon_start__lt=models.F("afternoon_end")),
                name="workinghours_ordered",
            )
        ]

    def __str__(self):
        morning = f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}"
        return f"{self.hall_name} {morning}，{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"


class ChainApplication(models.Model):
    number = models.CharField(_("一件事编号"), max_length=30, unique=True)
    chain = models.ForeignKey("catalog.Chain", verbose_name=_("一件事"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=12, choices=ApplicationState.choices, default=ApplicationState.RUNNING, db_index=True
    )
    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人"), max_length=100)
    applicant_id_number = EncryptedCharField(_("证件号码"), max_length=18)
    applicant_phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    applicant_address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_applications",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("网上为申请人本人；窗口为受理人员；代办为代办员"),
    )
    agent_name = models.CharField(_("代办员"), max_length=50, blank=True, help_text=_("代办员代为申请时（委托书）"))
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("受理窗口"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    form_data = models.JSONField(_("合并申请表"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    limit_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), null=True, blank=True)
    limit_hours = models.PositiveSmallIntegerField(_("承诺时限（工作小时）"), null=True, blank=True)
    legal_days_sum = models.PositiveIntegerField(_("各事项法定时限合计（工作日）"), default=0)
    deadline_at = models.DateTimeField(_("办结期限"), db_index=True)
    warn_at = models.DateTimeField(_("黄灯预警时间"))
    provisional = models.BooleanField(_("期限待确认"), default=False)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    stop_reason = models.TextField(_("终止原因"), blank=True)

    class Meta:
        verbose_name = _("一件事申请")
        verbose_name_plural = _("一件事申请")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    @property
    def clock_running(self):
        return self.state == ApplicationState.RUNNING


class ChainRun(models.Model):
    """One item of the application: waiting for its prerequisites, then one case."""

    application = models.ForeignKey(
        ChainApplication, verbose_name=_("一件事申请"), on_delete=models.CASCADE, related_name="runs"
    )
    step = models.ForeignKey("catalog.ChainStep", verbose_name=_("环节"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"))
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+")
    waits_for = models.ManyToManyField(
        "self", verbose_name=_("前置事项"), symmetrical=False, blank=True, related_name="unblocks"
    )
    case = models.OneToOneField(
        "approvals.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_run",
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=RunState.choices, default=RunState.WAITING, db_index=True
    )
    reason = models.TextField(_("说明"), blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("一件事事项")
        verbose_name_plural = _("一件事事项")
        ordering = ["application", "position"]
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="chainrun_unique_position")]

    def __str__(self):
        return f"{self.application.number}#{self.position} {self.item.name}"


class ChainMaterial(models.Model):
    """One material of the merged list, handed in once for every item that needs it."""

    lends_case_material_file = False

    application = models.ForeignKey(
        ChainApplication, verbose_name=_("一件事申请"), on_delete=models.CASCADE, related_name="materials"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("电子文件"), upload_to=chain_material_upload_to, blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=40, blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), null=True, blank=True)
    paper = models.CharField(_("纸质材料"), max_length=10, blank=True)
    uploaded_at = models.DateTimeField(_("收取时间"))

    class Meta:
        verbose_name = _("共享材料")
        verbose_name_plural = _("共享材料")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "name"], name="chainmaterial_unique_name"),
        ]

    def __str__(self):
        return self.name


class ChainMaterialUse(models.Model):
    """Which case material uses a shared material (its file is lent, never owned by the case)."""

    lends_case_material_file = True

    material = models.ForeignKey(
        ChainMaterial, verbose_name=_("共享材料"), on_delete=models.CASCADE, related_name="uses"
    )
    case_material = models.OneToOneField(
        "approvals.CaseMaterial", verbose_name=_("办件材料"), on_delete=models.CASCADE, related_name="chain_use"
    )
    used_at = models.DateTimeField(_("共享时间"))

    class Meta:
        verbose_name = _("材料共享记录")
        verbose_name_plural = _("材料共享记录")

    def __str__(self):
        return f"{self.material.name} → {self.case_material.case_id}"


class ChainNotice(models.Model):
    """The chain's own timeline, shown to the applicant (and staff)."""

    application = models.ForeignKey(
        ChainApplication, verbose_name=_("一件事申请"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=NoticeKind.choices)
    text = models.TextField(_("内容"))
    at = models.DateTimeField(_("时间"))
    level = models.CharField(_("预警级别"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("一件事动态")
        verbose_name_plural = _("一件事动态")
        ordering = ["application", "at", "id"]
        constraints = [
            # A warning is sent once per (application, level).
            models.UniqueConstraint(
                fields=["application", "level"], condition=~Q(level=""), name="chainnotice_one_warning_per_level"
            )
        ]

    def __str__(self):
        return self.text[:40]


class IndustryLicence(models.Model):
    """一业一证: one combined licence for a finished 一业一证 chain; its QR page lists each permit."""

    application = models.OneToOneField(
        ChainApplication, verbose_name=_("一件事申请"), on_delete=models.CASCADE, related_name="licence"
    )
    number = models.CharField(_("许可证编号"), max_length=40, unique=True)
    verification_code = models.CharField(_("核验码"), max_length=24, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    issued_at = models.DateTimeField(_("发证时间"))

    class Meta:
        verbose_name = _("行业综合许可证")
        verbose_name_plural = _("行业综合许可证")

    def __str__(self):
        return self.number


class Meeting(models.Model):
    """联审会议: departments' opinions on the cases of one chain application."""

    application = models.ForeignKey(
        ChainApplication, verbose_name=_("一件事申请"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("会议名称"), max_length=100)
    starts_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    cases = models.ManyToManyField("approvals.Case", verbose_name=_("议题办件"), related_name="+")
    state = models.CharField(_("状态"), max_length=12, choices=MeetingState.choices, default=MeetingState.SCHEDULED)
    outcome = models.CharField(_("会议结论"), max_length=10, choices=MeetingOutcome.choices, blank=True)
    conclusion = models.TextField(_("会议纪要结论"), blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("召集人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("安排时间"))
    concluded_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    notice_text = models.TextField(_("一次性告知内容"), blank=True)

    class Meta:
        verbose_name = _("联审会议")
        verbose_name_plural = _("联审会议")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title


class MeetingInvitation(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("联审会议"), on_delete=models.CASCADE, related_name="invitations"
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.CharField(_("意见"), max_length=12, choices=OpinionKind.choices, blank=True)
    text = models.TextField(_("意见说明"), blank=True)
    missing_materials = models.JSONField(_("需补正材料"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("填写时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("参会部门")
        verbose_name_plural = _("参会部门")
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "department"], name="meeting_unique_department")]

    def __str__(self):
        return f"{self.meeting_id} {self.department_id}"
