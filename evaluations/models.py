"""好差评: rating occasions and ratings, 差评/complaint tickets on the hall's clock, awards,
and the 最难办事科室 vote. No raw phone or ID number is stored here: uniqueness and matching use
a keyed hash (evaluations.hashing)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.constants import (
    BAD_SCORES,
    AwardKind,
    Behaviour,
    CampaignState,
    ComplaintSource,
    NoticeLevel,
    OccasionKind,
    OccasionStatus,
    PeriodKind,
    RatingChannel,
    ReviewDecision,
    Score,
    TicketKind,
    TicketState,
    Verdict,
    indicators_for,
)


def new_token():
    return secrets.token_urlsafe(24)


class RatingOccasion(models.Model):
    """One service occasion that may be rated once: a window visit (一次一评) or a delivered case (一事一评)."""

    kind = models.CharField(_("评价场景"), max_length=10, choices=OccasionKind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=OccasionStatus.choices, default=OccasionStatus.PENDING, db_index=True
    )
    case = models.ForeignKey(
        "approvals.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rating_occasions",
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("窗口"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("产生时间"), default=timezone.now, db_index=True)
    # Window: the clerk pressed 邀请评价, so the window's pad shows it now.
    presented_at = models.DateTimeField(_("推送评价器时间"), null=True, blank=True)
    # Online: a one-time link for the SMS the messaging app sends (works without login).
    token = models.CharField(_("评价令牌"), max_length=64, unique=True, default=new_token, editable=False)
    sms_link = models.CharField(_("短信评价链接"), max_length=200, blank=True)
    token_used_at = models.DateTimeField(_("令牌使用时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("评价截止"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价邀请")
        verbose_name_plural = _("评价邀请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(case__isnull=False), name="occasion_once_per_case_kind"
            )
        ]
        indexes = [models.Index(fields=["window", "status", "-presented_at"], name="occasion_window_pad")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def open(self):
        return self.status == OccasionStatus.PENDING and (self.expires_at is None or self.expires_at > timezone.now())


class AppendOnlyError(Exception):
    pass


class RatingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(gettext("评价提交后不能修改。"))

    def delete(self):
        raise AppendOnlyError(gettext("评价提交后不能删除。"))

    def bad(self):
        return self.filter(score__in=[s.value for s in BAD_SCORES])


class Rating(models.Model):
    """The public's verdict on one occasion; never edited (a re-rating of a 差评's outcome lives on the ticket)."""

    occasion = models.OneToOneField(
        RatingOccasion, verbose_name=_("评价邀请"), on_delete=models.PROTECT, related_name="rating"
    )
    kind = models.CharField(_("评价场景"), max_length=10, choices=OccasionKind.choices)
    channel = models.CharField(_("评价渠道"), max_length=10, choices=RatingChannel.choices)
    score = models.PositiveSmallIntegerField(_("总体评价"), choices=Score.choices, db_index=True)
    indicators = models.JSONField(_("分项评价"), default=dict, blank=True)
    bad_indicator = models.CharField(_("不满意的方面"), max_length=20, blank=True)
    reason = models.TextField(_("不满意的原因"), blank=True)
    comment = models.CharField(_("留言"), max_length=300, blank=True)
    anonymous = models.BooleanField(_("匿名"), default=True)
    rater_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rater_name = models.CharField(_("评价人"), max_length=50, blank=True)
    # Copied from the occasion so rankings and exports read one table.
    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("办件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("窗口"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("评价时间"), default=timezone.now, db_index=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-rated_at", "-id"]
        indexes = [
            models.Index(fields=["department", "rated_at"], name="rating_dept_time"),
            models.Index(fields=["window", "rated_at"], name="rating_window_time"),
        ]

    def __str__(self):
        return f"{self.get_score_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise AppendOnlyError(gettext("评价提交后不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(gettext("评价提交后不能删除。"))

    @property
    def is_bad(self):
        return self.score in BAD_SCORES

    @property
    def real_name(self):
        return not self.anonymous

    @property
    def bad_indicator_label(self):
        return dict(indicators_for(self.kind).choices).get(self.bad_indicator, self.bad_indicator)


class Complaint(models.Model):
    """投诉: from the portal, the complaint desk or the phone; handled as a Ticket the same day."""

    source = models.CharField(_("投诉渠道"), max_length=10, choices=ComplaintSource.choices)
    complainant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("投诉人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    complainant_name = models.CharField(_("投诉人"), max_length=50, blank=True)
    phone_masked = models.CharField(_("联系电话（脱敏）"), max_length=20, blank=True)
    phone_hash = models.CharField(_("联系电话摘要"), max_length=64, blank=True, db_index=True)
    anonymous = models.BooleanField(_("匿名"), default=False)
    subject = models.CharField(_("投诉事项"), max_length=100)
    content = models.TextField(_("投诉内容"))
    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("相关办件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("被投诉部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("被投诉窗口"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return self.subject


class Ticket(models.Model):
    """A 差评 or a complaint to verify and rectify, on the hall's working-day clock (谁办理谁负责)."""

    kind = models.CharField(_("类别"), max_length=12, choices=TicketKind.choices)
    state = models.CharField(_("状态"), max_length=10, choices=TicketState.choices, default=TicketState.OPEN)
    rating = models.OneToOneField(
        Rating, verbose_name=_("差评"), null=True, blank=True, on_delete=models.PROTECT, related_name="ticket"
    )
    complaint = models.OneToOneField(
        Complaint, verbose_name=_("投诉"), null=True, blank=True, on_delete=models.PROTECT, related_name="ticket"
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("责任窗口"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    real_name = models.BooleanField(_("实名"), default=False, help_text=_("实名差评和投诉必须回访后才能办结"))
    opened_at = models.DateTimeField(_("立案时间"), default=timezone.now)
    deadline_at = models.DateTimeField(_("整改期限"))
    warn_at = models.DateTimeField(_("黄灯预警时间"))
    provisional = models.BooleanField(_("期限待确认"), default=False)

    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    callback_note = models.TextField(_("回访记录"), blank=True)

    verdict = models.CharField(_("核实结论"), max_length=12, choices=Verdict.choices, blank=True)
    response = models.TextField(_("整改说明"), blank=True)
    plan_due = models.DateField(_("整改完成日期"), null=True, blank=True)
    responded_at = models.DateTimeField(_("整改反馈时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改反馈人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    review_decision = models.CharField(_("复核结论"), max_length=10, choices=ReviewDecision.choices, blank=True)
    review_note = models.TextField(_("复核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, db_index=True)

    # The applicant, told the outcome, may rate the handling again.
    rerating = models.PositiveSmallIntegerField(_("对整改结果的评价"), choices=Score.choices, null=True, blank=True)
    rerated_at = models.DateTimeField(_("再评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改工单")
        verbose_name_plural = _("整改工单")
        ordering = ["deadline_at", "id"]
        indexes = [
            models.Index(fields=["state", "deadline_at"], name="ticket_state_deadline"),
            models.Index(fields=["state", "warn_at"], name="ticket_state_warn"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=False) | Q(complaint__isnull=False), name="ticket_has_subject"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def level_at(self, now):
        if self.state == TicketState.CLOSED:
            return "none"
        if now > self.deadline_at:
            return "red"
        if now >= self.warn_at:
            return "yellow"
        return "green"

    @property
    def level(self):
        return self.level_at(timezone.now())

    @property
    def on_time(self):
        return self.closed_at is not None and self.closed_at <= self.deadline_at

    @property
    def applicant_user_id(self):
        if self.rating_id:
            return self.rating.rater_user_id or (self.rating.occasion.applicant_user_id)
        return self.complaint.complainant_user_id


class TicketNotice(models.Model):
    """The ticket crossed into yellow or red: recorded once per (ticket, level), even under races."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="notices")
    level = models.CharField(_("预警等级"), max_length=8, choices=NoticeLevel.choices)
    created_at = models.DateTimeField(_("预警时间"), default=timezone.now)

    class Meta:
        verbose_name = _("整改预警")
        verbose_name_plural = _("整改预警")
        constraints = [models.UniqueConstraint(fields=["ticket", "level"], name="ticket_notice_once")]

    def __str__(self):
        return f"{self.ticket_id} {self.level}"


class Award(models.Model):
    """星级窗口 / 红旗窗口 / 服务之星 for a month or quarter, proposed from the ranking, confirmed by the hall admin."""

    kind = models.CharField(_("称号"), max_length=16, choices=AwardKind.choices)
    period_kind = models.CharField(_("周期"), max_length=8, choices=PeriodKind.choices)
    period = models.CharField(_("期间"), max_length=8, help_text=_("2026-11 或 2026-Q4"))
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("窗口"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("工作人员"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    average = models.DecimalField(_("平均得分"), max_digits=4, decimal_places=2)
    ratings = models.PositiveIntegerField(_("评价数"))
    satisfaction = models.DecimalField(_("满意率%"), max_digits=5, decimal_places=1)
    proposed_at = models.DateTimeField(_("推荐时间"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("评优称号")
        verbose_name_plural = _("评优称号")
        ordering = ["-period", "kind", "-average"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "window"], condition=Q(window__isnull=False), name="award_once_window"
            ),
            models.UniqueConstraint(
                fields=["kind", "period", "staff"], condition=Q(staff__isnull=False), name="award_once_staff"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.get_kind_display()}"


class Campaign(models.Model):
    """最难办事科室 vote: a period and the offices under review."""

    title = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    state = models.CharField(_("状态"), max_length=10, choices=CampaignState.choices, default=CampaignState.OPEN)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("最难办事科室评议")
        verbose_name_plural = _("最难办事科室评议")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title

    def is_open_on(self, day):
        return self.state == CampaignState.OPEN and self.starts_on <= day <= self.ends_on


class CampaignOffice(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="offices")
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("科室"), max_length=60)

    class Meta:
        verbose_name = _("参评科室")
        verbose_name_plural = _("参评科室")
        ordering = ["department__name", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "department", "name"], name="office_unique")]

    def __str__(self):
        return f"{self.department.name}·{self.name}"


class Ballot(models.Model):
    """An anonymous ballot: one per phone/ID per campaign, enforced on a keyed hash (never the number)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="ballots")
    office = models.ForeignKey(CampaignOffice, verbose_name=_("科室"), on_delete=models.CASCADE, related_name="ballots")
    behaviours = models.JSONField(_("问题"), default=list)
    example = models.TextField(_("具体事例"))
    voter_hash = models.CharField(_("投票人摘要"), max_length=64)
    cast_at = models.DateTimeField(_("投票时间"), default=timezone.now)

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        constraints = [models.UniqueConstraint(fields=["campaign", "voter_hash"], name="ballot_once_per_voter")]

    def __str__(self):
        return f"{self.campaign_id}/{self.office_id}"

    def behaviour_labels(self):
        return [Behaviour(b).label for b in self.behaviours if b in Behaviour.values]


class FollowUpCheck(models.Model):
    """回头看: what a check found in an office published among the worst."""

    office = models.ForeignKey(CampaignOffice, verbose_name=_("科室"), on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("检查日期"), default=timezone.localdate)
    finding = models.TextField(_("整改情况"))
    rectified = models.BooleanField(_("已整改到位"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("跟踪检查")
        verbose_name_plural = _("跟踪检查")
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.office} {self.checked_on}"
