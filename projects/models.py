"""帮办代办 and 项目管家 (issue 18): agents and their authorisations, help requests, investment
projects with their 一卡通 nodes, the follow-up ledger and the notices they send.

Models hold data and the small decisions on one row (the level of a clock, whether an
authorisation is live); every write goes through projects.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hall.fields import EncryptedCharField
from projects.constants import (
    AgentLevel,
    AuthorisationMethod,
    AuthorisationScope,
    AuthorisationState,
    HelpChannel,
    HelpKind,
    HelpState,
    LedgerKind,
    NodeKind,
    NodeState,
    NoticeKind,
    ProjectCategory,
    ProjectState,
)

LEVEL_RED, LEVEL_YELLOW, LEVEL_GREEN, LEVEL_NONE = "red", "yellow", "green", "none"


def clock_level(*, now, due_at, warn_at, running):
    if not running or due_at is None:
        return LEVEL_NONE
    if now > due_at:
        return LEVEL_RED
    if warn_at is not None and now >= warn_at:
        return LEVEL_YELLOW
    return LEVEL_GREEN


# --------------------------------------------------------------------------- 代办员


class Agent(models.Model):
    """A certified agent (代办员): a staff account with the agent role, a level and the areas served."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="agent"
    )
    level = models.CharField(_("层级"), max_length=12, choices=AgentLevel.choices)
    certificate_number = models.CharField(_("代办员证号"), max_length=40, unique=True)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agents",
        help_text=_("部门代办员填写"),
    )
    region = models.CharField(_("所在乡镇（街道）/村（社区）"), max_length=60, blank=True)
    areas = models.CharField(_("代办领域"), max_length=200, help_text=_("如：商事登记、工程建设项目"))
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("代办员")
        verbose_name_plural = _("代办员")
        ordering = ["level", "certificate_number"]

    def __str__(self):
        return f"{self.name}（{self.certificate_number}）"

    @property
    def name(self):
        return self.user.get_full_name() or self.user.get_username()


# --------------------------------------------------------------------------- 委托书


class AuthorisationQuerySet(models.QuerySet):
    def live(self, today=None):
        """Confirmed, not revoked, and within its period today (Beijing)."""
        today = today or timezone.localdate()
        return self.filter(state=AuthorisationState.ACTIVE, valid_from__lte=today, valid_until__gte=today)


class Authorisation(models.Model):
    """委托书: the applicant lets an agent act for them on some items and chains for a period."""

    number = models.CharField(_("委托书编号"), max_length=30, unique=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("委托人"),
        on_delete=models.PROTECT,
        related_name="authorisations_given",
    )
    agent = models.ForeignKey(
        Agent, verbose_name=_("受托代办员"), on_delete=models.PROTECT, related_name="authorisations"
    )
    scope = models.CharField(_("委托权限"), max_length=10, choices=AuthorisationScope.choices)
    items = models.ManyToManyField("catalog.Item", verbose_name=_("委托事项"), blank=True, related_name="+")
    chains = models.ManyToManyField("catalog.Chain", verbose_name=_("委托一件事"), blank=True, related_name="+")
    valid_from = models.DateField(_("委托起始日"))
    valid_until = models.DateField(_("委托截止日"))
    method = models.CharField(_("签署方式"), max_length=10, choices=AuthorisationMethod.choices)
    scan = models.FileField(_("委托书扫描件"), upload_to="authorisations/%Y/%m/", blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=AuthorisationState.choices, db_index=True)
    help_request = models.ForeignKey(
        "HelpRequest",
        verbose_name=_("帮办代办申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorisations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("委托书")
        verbose_name_plural = _("委托书")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agent", "state"], name="authorisation_agent_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="authorisation_period_ordered",
                violation_error_message=_("委托截止日不能早于起始日。"),
            )
        ]

    def __str__(self):
        return self.number

    def is_live(self, today=None):
        today = today or timezone.localdate()
        return self.state == AuthorisationState.ACTIVE and self.valid_from <= today <= self.valid_until

    @property
    def status_label(self):
        if self.state == AuthorisationState.ACTIVE and self.valid_until < timezone.localdate():
            return gettext("已过期")
        if self.state == AuthorisationState.ACTIVE and self.valid_from > timezone.localdate():
            return gettext("未到起始日")
        return self.get_state_display()

    def covered_item_ids(self):
        from catalog.models import ChainStep

        ids = set(self.items.values_list("id", flat=True))
        ids |= set(ChainStep.objects.filter(chain__in=self.chains.all()).values_list("item_id", flat=True))
        return ids


# --------------------------------------------------------------------------- 帮办代办申请


class HelpRequest(models.Model):
    """An applicant asks for 帮办 or 代办 of an item or a chain; the hall assigns an agent in time."""

    number = models.CharField(_("申请编号"), max_length=30, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=HelpKind.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=HelpChannel.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="help_requests",
    )
    applicant_name = models.CharField(_("申请人"), max_length=100)
    contact_phone = EncryptedCharField(_("联系电话"), max_length=20)  # encrypted at rest
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chain = models.ForeignKey(
        "catalog.Chain", verbose_name=_("一件事"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("需求说明"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=HelpState.choices, default=HelpState.OPEN)
    agent = models.ForeignKey(
        Agent, verbose_name=_("代办员"), null=True, blank=True, on_delete=models.PROTECT, related_name="help_requests"
    )
    assigned_at = models.DateTimeField(_("指派时间"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指派人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    # Its own clock: the hall assigns an agent by the close of the N-th working day (stored).
    due_at = models.DateTimeField(_("指派期限"))
    warn_at = models.DateTimeField(_("黄灯时间"))
    provisional = models.BooleanField(_("期限待确认"), default=False)
    overdue_notified_at = models.DateTimeField(_("超时提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("帮办代办申请")
        verbose_name_plural = _("帮办代办申请")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["due_at"], name="helprequest_due", condition=Q(state="open", overdue_notified_at__isnull=True)
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False) | Q(chain__isnull=False),
                name="helprequest_item_or_chain",
                violation_error_message=_("请选择事项或一件事。"),
            )
        ]

    def __str__(self):
        return self.number

    @property
    def subject(self):
        return self.chain.name if self.chain_id else self.item.name

    def level_at(self, now):
        return clock_level(now=now, due_at=self.due_at, warn_at=self.warn_at, running=self.state == HelpState.OPEN)

    @property
    def level(self):
        return self.level_at(timezone.now())


# --------------------------------------------------------------------------- 项目


class Project(models.Model):
    """An investment project (项目) with its steward (项目管家) and, if large, a leading official (领班管家)."""

    code = models.CharField(_("项目编号"), max_length=30, unique=True)
    name = models.CharField(_("项目名称"), max_length=120)
    investor = models.CharField(_("投资主体"), max_length=120)
    amount = models.DecimalField(_("总投资（万元）"), max_digits=12, decimal_places=2)
    location = models.CharField(_("建设地点"), max_length=120)
    planned_start = models.DateField(_("计划开工日期"))
    category = models.CharField(_("项目类别"), max_length=12, choices=ProjectCategory.choices)
    state = models.CharField(_("项目状态"), max_length=10, choices=ProjectState.choices, default=ProjectState.PREPARING)
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("项目管家"),
        on_delete=models.PROTECT,
        related_name="stewarded_projects",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("领班管家"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    investor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("投资主体账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("投资项目")
        verbose_name_plural = _("投资项目")
        ordering = ["planned_start", "id"]

    def __str__(self):
        return self.name


class NodeQuerySet(models.QuerySet):
    def overdue(self, now=None):
        return self.exclude(state=NodeState.DONE).filter(target_at__lt=now or timezone.now())


class ProjectNode(models.Model):
    """One node of the 一卡通 card: an item, a chain or a non-approval task with its deadline."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="nodes")
    position = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("节点类型"), max_length=8, choices=NodeKind.choices)
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chain = models.ForeignKey(
        "catalog.Chain", verbose_name=_("一件事"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task_name = models.CharField(_("事项名称"), max_length=100, blank=True, help_text=_("如：土地招拍挂、施工图审查"))
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="project_nodes"
    )
    days_before_start = models.PositiveSmallIntegerField(_("开工前完成（工作日）"))
    target_date = models.DateField(_("目标完成日"))
    target_at = models.DateTimeField(_("完成期限"))
    warn_at = models.DateTimeField(_("黄灯时间"))
    provisional = models.BooleanField(_("期限待确认"), default=False)
    state = models.CharField(_("状态"), max_length=12, choices=NodeState.choices, default=NodeState.PENDING)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    cases = models.ManyToManyField(
        "approvals.Case", verbose_name=_("关联办件"), blank=True, related_name="project_nodes"
    )

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("一卡通节点")
        verbose_name_plural = _("一卡通节点")
        ordering = ["project", "position", "id"]
        indexes = [models.Index(fields=["state", "target_at"], name="node_state_target")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if self.kind == NodeKind.ITEM and self.item_id:
            return self.item.name
        if self.kind == NodeKind.CHAIN and self.chain_id:
            return self.chain.name
        return self.task_name

    def level_at(self, now):
        return clock_level(now=now, due_at=self.target_at, warn_at=self.warn_at, running=self.state != NodeState.DONE)

    @property
    def level(self):
        return self.level_at(timezone.now())

    @property
    def on_time(self):
        return self.done_at is not None and self.done_at <= self.target_at


class NodeUrge(models.Model):
    """挂牌督办 of an overdue node by a supervisor; it reaches the responsible department."""

    node = models.ForeignKey(ProjectNode, verbose_name=_("节点"), on_delete=models.CASCADE, related_name="urges")
    note = models.CharField(_("督办意见"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("挂牌时间"), default=timezone.now)
    lifted_at = models.DateTimeField(_("摘牌时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("挂牌督办")
        verbose_name_plural = _("挂牌督办")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["node"], condition=Q(lifted_at__isnull=True), name="node_one_open_urge")
        ]

    def __str__(self):
        return f"{self.node}：{self.note}"


class LedgerEntry(models.Model):
    """台账: a contact, visit, call or problem raised for the project, with who and when."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="ledger")
    kind = models.CharField(_("类型"), max_length=10, choices=LedgerKind.choices)
    happened_on = models.DateField(_("日期"))
    summary = models.CharField(_("内容"), max_length=300)
    contact = models.CharField(_("对接人"), max_length=60, blank=True)
    solved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    solution = models.CharField(_("解决情况"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("项目台账")
        verbose_name_plural = _("项目台账")
        ordering = ["-happened_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.happened_on}：{self.summary}"

    @property
    def is_open_problem(self):
        return self.kind == LedgerKind.PROBLEM and self.solved_at is None


class Notice(models.Model):
    """An in-app notice of this app for one person (node urges to the department, overdue help requests)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=NoticeKind.choices)
    message = models.CharField(_("内容"), max_length=300)
    node = models.ForeignKey(ProjectNode, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    help_request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代办与项目通知")
        verbose_name_plural = _("代办与项目通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="projects_notice_user")]

    def __str__(self):
        return self.message
