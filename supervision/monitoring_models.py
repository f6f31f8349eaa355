"""电子监察 (electronic supervision): rules, the cases they watch, and the findings (cards) they raise.

Rules are evaluated from case events (refusals and denials without real reasons, a missed
10-minute window) and from stored due times (over the promised limit, a review step over its
own limit, a case untouched for N working days): each watched case keeps its due times in
CaseWatch, so the beat sweep is an index range scan, and a finding is raised once per
(rule, case, occurrence) by a unique key. A finding starts as a warning and becomes a yellow,
then a red card at stored escalation times on the hall's working-day clock unless the
department files an explanation; a supervisor accepts the explanation (the card is withdrawn)
or upholds the card.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleCode(models.TextChoices):
    OVER_PROMISED_LIMIT = "over_promised_limit", _("超承诺期限")
    STEP_OVER_LIMIT = "step_over_limit", _("环节超时")
    UNTOUCHED = "untouched", _("办件长时间未处理")
    REFUSAL_WITHOUT_REASON = "refusal_without_reason", _("不予受理未充分说明理由")
    DENIAL_WITHOUT_REASON = "denial_without_reason", _("不予许可未充分说明理由")
    WINDOW_MISSED = "window_missed", _("部门未在10分钟内确认（视为同意）")
    # counter (fees): a charge attempted on an item the catalog lists as free
    FEE_ON_FREE_ITEM = "fee_on_free_item", _("对不收费事项收费")


class FindingLevel(models.TextChoices):
    WARNING = "warning", _("预警")
    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待说明")
    EXPLAINED = "explained", _("已说明，待审核")
    ACCEPTED = "accepted", _("说明已采纳，撤销")
    UPHELD = "upheld", _("维持")


# Statuses that count against the department in the tallies.
COUNTED_STATUSES = (FindingStatus.OPEN, FindingStatus.EXPLAINED, FindingStatus.UPHELD)


class MonitorRule(models.Model):
    code = models.CharField(_("规则"), max_length=32, choices=RuleCode.choices, unique=True)
    enabled = models.BooleanField(_("启用"), default=True)
    threshold = models.PositiveSmallIntegerField(
        _("阈值"), default=0, help_text=_("未处理规则：工作日数；说明理由规则：理由最少字数；其他规则不用")
    )
    initial_level = models.CharField(_("初始等级"), max_length=8, choices=FindingLevel.choices, default="warning")
    escalate_days = models.PositiveSmallIntegerField(
        _("升级时限（工作日）"),
        default=1,
        help_text=_("未说明的预警/黄牌经过此工作日数后升级为黄牌/红牌；0 表示不升级"),
    )

    class Meta:
        verbose_name = _("电子监察规则")
        verbose_name_plural = _("电子监察规则")
        ordering = ["code"]

    def __str__(self):
        return self.get_code_display()


class CaseWatch(models.Model):
    """A case in a department's hands, with the due times the time rules look at."""

    case = models.OneToOneField("approvals.Case", on_delete=models.CASCADE, related_name="+", primary_key=True)
    department = models.ForeignKey("catalog.Department", on_delete=models.CASCADE, related_name="+")
    last_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    step_due_at = models.DateTimeField(null=True, blank=True)
    touched_at = models.DateTimeField()
    untouched_due_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("监察中的办件")
        verbose_name_plural = _("监察中的办件")
        indexes = [
            models.Index(fields=["step_due_at"], name="watch_step_due", condition=Q(step_due_at__isnull=False)),
            models.Index(
                fields=["untouched_due_at"], name="watch_untouched_due", condition=Q(untouched_due_at__isnull=False)
            ),
            models.Index(fields=["deadline_at"], name="watch_deadline", condition=Q(deadline_at__isnull=False)),
        ]

    def __str__(self):
        return str(self.case_id)


class Finding(models.Model):
    rule = models.CharField(_("规则"), max_length=32, choices=RuleCode.choices)
    occurrence = models.CharField(_("发生标识"), max_length=40, help_text=_("同一规则同一办件同一次情形只记一次"))
    case = models.ForeignKey("approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.CharField(_("等级"), max_length=8, choices=FindingLevel.choices)
    status = models.CharField(_("状态"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    detail = models.CharField(_("情形"), max_length=300)
    raised_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    escalate_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("最近升级时间"), null=True, blank=True)
    explanation = models.TextField(_("情况说明"), blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explained_at = models.DateTimeField(_("说明时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监察发现")
        verbose_name_plural = _("监察发现")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "case", "occurrence"], name="finding_once_per_occurrence")
        ]
        indexes = [
            models.Index(fields=["escalate_at"], name="finding_escalate", condition=Q(status="open")),
            models.Index(fields=["department", "raised_at"], name="finding_dept_raised"),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} {self.case_id} {self.get_level_display()}"


class DepartmentWeek(models.Model):
    """A department hall's (专厅) weekly standing: green, yellow or red, kept as history."""

    week_start = models.DateField(_("周起始日"))
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.CASCADE, related_name="+"
    )
    yellow_cards = models.PositiveIntegerField(_("黄牌"), default=0)
    red_cards = models.PositiveIntegerField(_("红牌"), default=0)
    decided = models.PositiveIntegerField(_("办结决定"), default=0)
    on_time = models.PositiveIntegerField(_("按期办结"), default=0)
    colour = models.CharField(_("评定"), max_length=8)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    class Meta:
        verbose_name = _("专厅周评定")
        verbose_name_plural = _("专厅周评定")
        ordering = ["-week_start", "department"]
        constraints = [models.UniqueConstraint(fields=["week_start", "department"], name="department_week_unique")]

    def __str__(self):
        return f"{self.week_start} {self.department_id} {self.colour}"

    @property
    def on_time_rate(self):
        return round(self.on_time / self.decided, 4) if self.decided else None
