"""Cases (办件), their materials, the append-only event log, suspensions and results.

The state machine of DESIGN.md §4 lives on Case as django-fsm transitions (protected
field, optimistic locking). Transitions only move the state and set the fields that
belong to it; services take the lock, check permissions, compute the clock and write
the one event each call produces.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from approvals.constants import (
    WITHDRAWABLE_STATES,
    Action,
    CaseState,
    Channel,
    DeliveryMethod,
    Level,
    MaterialStatus,
    Outcome,
    ResultKind,
    SuspensionKind,
)
from audit import chain
from audit.constants import GENESIS
from hall.constants import ApplicantType
from hall.fields import BlindIndexField, EncryptedCharField, EncryptedJSONField
from hall.identity import mask_id_number, mask_phone
from hall.models import default_hall_id

S = CaseState


class CaseQuerySet(models.QuerySet):
    def with_level(self, now=None):
        """Annotate `level` in SQL from the stored clock: the same answer as Case.level."""
        now = now or timezone.now()
        return self.annotate(
            level=SqlCase(
                When(~Q(state=S.IN_REVIEW) | Q(deadline_at__isnull=True), then=Value(Level.NONE.value)),
                When(deadline_at__lt=now, then=Value(Level.RED.value)),
                When(warn_at__isnull=False, warn_at__lte=now, then=Value(Level.YELLOW.value)),
                default=Value(Level.GREEN.value),
                output_field=models.CharField(max_length=8),
            )
        )

    def at_level(self, level, now=None):
        return self.with_level(now).filter(level=level)

    def overdue(self, now=None):
        return self.filter(state=S.IN_REVIEW, deadline_at__lt=now or timezone.now())


class Case(ConcurrentTransitionMixin, models.Model):
    number = models.CharField(_("办件编号"), max_length=40, unique=True)
    query_code = models.CharField(_("查询码"), max_length=6, help_text=_("凭办件编号和查询码免登录查询进度"))
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="cases")
    item_version = models.ForeignKey(
        "catalog.ItemVersion", verbose_name=_("事项版本"), on_delete=models.PROTECT, related_name="cases"
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="cases"
    )

    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人"), max_length=100)
    # Encrypted at rest; search by the blind indexes (hall.crypto.blind_index).
    applicant_id_number = EncryptedCharField(_("证件号码"), max_length=18)
    applicant_phone = EncryptedCharField(_("联系电话"), max_length=20)
    applicant_id_number_index = BlindIndexField(_("证件号码索引"), source="applicant_id_number")
    applicant_phone_index = BlindIndexField(_("联系电话索引"), source="applicant_phone")
    applicant_address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applied_cases",
    )
    agent_name = models.CharField(_("代理人"), max_length=50, blank=True)
    agent_id_number = EncryptedCharField(_("代理人身份证号"), max_length=18, blank=True)
    # 代办 (issue 18): the certified agent (代办员) who carries the case for the applicant under an
    # authorisation kept by the projects app; may act only while policies.agent_authorised says so.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代办员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agent_cases",
    )

    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    # The network (issue 19): the hall that received the case (收件大厅: its notices, its
    # completed-item window unless the applicant picks another) and the hall whose department
    # decides it (审批大厅). They differ for 就近办 / 全市通办 cases.
    hall = models.ForeignKey(
        "hall.Hall",
        verbose_name=_("收件大厅"),
        default=default_hall_id,
        on_delete=models.PROTECT,
        related_name="received_cases",
    )
    decision_hall = models.ForeignKey(
        "hall.Hall",
        verbose_name=_("审批大厅"),
        default=default_hall_id,
        on_delete=models.PROTECT,
        related_name="decided_cases",
    )
    local_limit_days = models.PositiveSmallIntegerField(
        _("本地承诺时限（工作日）"), null=True, blank=True, help_text=_("收件大厅实施清单的承诺时限，空则同基本目录")
    )
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("受理窗口"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_cases",
    )

    state = FSMField(_("状态"), max_length=24, choices=CaseState.choices, default=S.DRAFT, protected=True)
    current_step = models.PositiveSmallIntegerField(_("当前环节"), null=True, blank=True)
    notice_rounds = models.PositiveSmallIntegerField(_("一次性告知次数"), default=0)
    last_event_seq = models.PositiveIntegerField(_("最后事件序号"), default=0, editable=False)

    # The clock (DESIGN.md §5); stored so the warning level is a comparison in SQL.
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    warn_at = models.DateTimeField(_("黄灯预警时间"), null=True, blank=True)
    provisional = models.BooleanField(_("期限待确认"), default=False, help_text=_("所涉年份尚未载入官方节假日"))
    suspended_days = models.PositiveSmallIntegerField(_("中止计时工作日"), default=0)
    suspended_at = models.DateTimeField(_("中止开始"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("推送时间"), null=True, blank=True)
    auto_accept_at = models.DateTimeField(_("视为同意时间"), null=True, blank=True)

    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    outcome = models.CharField(_("审批结果"), max_length=10, choices=Outcome.choices, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    delivery_method = models.CharField(_("送达方式"), max_length=12, choices=DeliveryMethod.choices, blank=True)
    delivery_details = EncryptedJSONField(
        _("送达信息"), default=dict, blank=True, encrypted_keys=("collector_id_number",)
    )

    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["department", "state"], name="case_dept_state"),
            models.Index(fields=["state", "deadline_at"], name="case_state_deadline"),
            models.Index(fields=["deadline_at"], name="case_deadline"),
            models.Index(fields=["warn_at"], name="case_warn"),
            models.Index(fields=["auto_accept_at"], name="case_due_acceptance", condition=Q(state="dispatched")),
            models.Index(fields=["item", "state"], name="case_item_state"),
            models.Index(fields=["window", "state"], name="case_window_state"),
            models.Index(fields=["applicant_user", "-created_at"], name="case_applicant"),
            models.Index(fields=["provisional"], name="case_provisional", condition=Q(provisional=True)),
            # The desk's online queue (网上预审): only the few submitted rows, oldest first.
            models.Index(fields=["created_at"], name="case_submitted_created", condition=Q(state="submitted")),
            # The completed-item window's "delivered today": a range on delivered_at, newest first.
            models.Index(fields=["-delivered_at"], name="case_delivered_at", condition=Q(state="delivered")),
            # The board's counts (issue 22): covering partial indexes over the running cases only,
            # so GROUP BY department / item is an index-only scan of those rows.
            models.Index(
                fields=["department", "state", "deadline_at", "warn_at"],
                name="case_running_dept",
                condition=Q(state__in=["in_review", "suspended"], deadline_at__isnull=False),
            ),
            models.Index(
                fields=["item", "state", "deadline_at", "warn_at"],
                name="case_running_item",
                condition=Q(state__in=["in_review", "suspended"], deadline_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.number

    # --- saving only what changed --------------------------------------------------------

    @classmethod
    def from_db(cls, db, field_names, values):
        case = super().from_db(db, field_names, values)
        case._read_values = dict(zip(field_names, values, strict=True))
        return case

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._read_values = None  # not worth tracking: the next save writes every column

    def changed_fields(self):
        """The fields to UPDATE: those whose value differs from what was read, or None (all).

        A full-row UPDATE re-encrypts the applicant's data and rewrites ~45 columns on every
        action; an action changes a handful. Mutable values (JSON) always count as changed, since
        they may have been changed in place; so does `updated_at` (auto_now), and a blind index
        whenever its source changed. None for a case not read from the database, or one with
        deferred fields.
        """
        read = getattr(self, "_read_values", None)
        if read is None:
            return None
        names, changed = [], set()
        for field in self._meta.concrete_fields:
            if field.primary_key or isinstance(field, BlindIndexField):
                continue
            if field.attname not in read or field.attname not in self.__dict__:
                return None
            value = self.__dict__[field.attname]
            if getattr(field, "auto_now", False) or isinstance(value, dict | list) or value != read[field.attname]:
                names.append(field.name)
                changed.add(field.name)
        names += [f.name for f in self._meta.concrete_fields if isinstance(f, BlindIndexField) and f.source in changed]
        return names

    def save_changes(self):
        """Save the changed fields (all of them if unknown); what is saved now counts as read."""
        names = self.changed_fields()
        self.save(update_fields=names)
        if names is not None:
            self._read_values.update(
                (f.attname, self.__dict__[f.attname]) for f in self._meta.concrete_fields if f.name in names
            )
        else:
            self._read_values = {f.attname: self.__dict__[f.attname] for f in self._meta.concrete_fields}

    # --- the item version this case lives by ---------------------------------------------

    @property
    def snapshot(self):
        return self.item_version.snapshot

    @property
    def steps(self):
        return sorted(self.snapshot.get("steps") or [], key=lambda s: s["position"])

    @property
    def is_instant(self):
        return self.snapshot.get("kind") == "instant"

    def step(self, position):
        return next((s for s in self.steps if s["position"] == position), None)

    @property
    def current_step_name(self):
        step = self.step(self.current_step) if self.current_step is not None else None
        return step["name"] if step else ""

    def next_step(self):
        return next((s for s in self.steps if self.current_step is None or s["position"] > self.current_step), None)

    def has_next_step(self):
        """A step to advance to: never past the deciding step before the case is decided."""
        current = self.step(self.current_step) if self.current_step is not None else None
        if current is not None and current.get("decides"):
            return False
        return self.next_step() is not None

    def at_decision_step(self):
        """Decide only at a step marked `decides`, or the last step (or when the item has none)."""
        steps = self.steps
        if not steps:
            return True
        current = self.step(self.current_step)
        return current is not None and (current.get("decides") or current is steps[-1])

    # --- the warning level ---------------------------------------------------------------

    @property
    def clock_running(self):
        return self.state == S.IN_REVIEW and self.deadline_at is not None

    def level_at(self, now):
        from catalog import clock

        if not self.clock_running:
            return Level.NONE.value
        return clock.level_for(now=now, deadline_at=self.deadline_at, warn_at=self.warn_at, clock_running=True)

    @property
    def level(self):
        """The level now; a list annotated by `with_level()` carries the SQL answer instead."""
        if "_annotated_level" in self.__dict__:
            return self._annotated_level
        return self.level_at(timezone.now())

    @level.setter
    def level(self, value):  # set by the `with_level()` annotation
        self._annotated_level = value

    @property
    def masked_id_number(self):
        return mask_id_number(self.applicant_id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.applicant_phone)

    # --- transitions (DESIGN.md §4); no I/O -----------------------------------------------

    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.RECEIVED)
    def take_in(self, *, by, window=None):
        self.received_by = by
        self.window = window or self.window

    @transition(field=state, source=S.RECEIVED, target=S.SUPPLEMENT_REQUESTED)
    def request_supplement(self):
        self.notice_rounds += 1

    @transition(field=state, source=S.SUBMITTED, target=S.SUPPLEMENT_REQUESTED)
    def return_online(self):
        """网上预审 sends the application back for correction before taking it in."""
        self.notice_rounds += 1

    @transition(field=state, source=S.SUPPLEMENT_REQUESTED, target=RETURN_VALUE(S.RECEIVED, S.SUBMITTED))
    def supplement(self):
        # An online application returned by the pre-review was never taken in: it goes back
        # to the online queue to be pre-reviewed again, not straight to received.
        return S.RECEIVED if self.received_by_id is not None else S.SUBMITTED

    @transition(field=state, source=S.RECEIVED, target=S.NOT_ACCEPTED)
    def refuse(self, *, reason):
        self.refusal_reason = reason

    @transition(field=state, source=S.RECEIVED, target=S.DISPATCHED)
    def dispatch(self, *, at, auto_accept_at):
        self.dispatched_at = at
        self.auto_accept_at = auto_accept_at

    @transition(field=state, source=S.DISPATCHED, target=S.IN_REVIEW)
    def acknowledge(self, *, at):
        self._start_review(at)

    @transition(field=state, source=S.DISPATCHED, target=S.IN_REVIEW)
    def deem_accepted(self):
        # The clock starts when the window closed, not when a worker noticed.
        self._start_review(self.auto_accept_at)

    @transition(field=state, source=S.DISPATCHED, target=S.RECEIVED)
    def return_to_front_desk(self):
        self.dispatched_at = None
        self.auto_accept_at = None

    @transition(field=state, source=S.RECEIVED, target=S.IN_REVIEW, conditions=[lambda c: c.is_instant])
    def accept_on_the_spot(self, *, at):
        self._start_review(at)

    @transition(field=state, source=S.IN_REVIEW, target=S.IN_REVIEW, conditions=[has_next_step])
    def advance(self):
        self.current_step = self.next_step()["position"]

    @transition(field=state, source=S.IN_REVIEW, target=S.SUSPENDED)
    def suspend(self, *, at):
        self.suspended_at = at

    @transition(field=state, source=S.SUSPENDED, target=S.IN_REVIEW)
    def resume(self, *, deadline, days_added):
        self.suspended_at = None
        self.suspended_days += days_added
        self._set_deadline(deadline)

    @transition(field=state, source=S.IN_REVIEW, target=S.GRANTED, conditions=[at_decision_step])
    def grant(self, *, at, reason=""):
        self.outcome, self.decided_at, self.decision_reason = Outcome.GRANTED, at, reason

    @transition(field=state, source=S.IN_REVIEW, target=S.DENIED, conditions=[at_decision_step])
    def deny(self, *, at, reason):
        self.outcome, self.decided_at, self.decision_reason = Outcome.DENIED, at, reason

    @transition(field=state, source=[S.GRANTED, S.DENIED], target=S.READY)
    def issue(self):
        pass

    @transition(field=state, source=S.READY, target=S.DELIVERED)
    def deliver(self, *, at, delivery_method, details):
        self.delivered_at, self.delivery_method, self.delivery_details = at, delivery_method, details

    @transition(field=state, source=WITHDRAWABLE_STATES, target=S.WITHDRAWN)
    def withdraw(self, *, reason=""):
        self.withdrawn_reason = reason

    # --- helpers of the transitions -------------------------------------------------------

    def _start_review(self, accepted_at):
        self.accepted_at = accepted_at
        first = self.steps[0]["position"] if self.steps else None
        self.current_step = first

    def _set_deadline(self, deadline):
        self.deadline_at, self.warn_at, self.provisional = deadline.deadline_at, deadline.warn_at, deadline.provisional


class CaseNumberCounter(models.Model):
    """The last sequence number used per department per Beijing day (locked to number cases)."""

    department = models.ForeignKey("catalog.Department", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("办件编号计数器")
        verbose_name_plural = _("办件编号计数器")
        constraints = [models.UniqueConstraint(fields=["department", "day"], name="case_counter_unique_day")]

    def __str__(self):
        return f"{self.department_id}@{self.day}: {self.last}"


def case_material_upload_to(instance, filename):
    return f"cases/{instance.case.number}/{instance.requirement_id}-{filename}"


class CaseMaterial(models.Model):
    """One requirement of the item version's material list, as it stands on this case."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="materials")
    requirement_id = models.PositiveIntegerField(_("材料要求编号"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必要"), default=True)
    may_commit = models.BooleanField(_("可承诺后补"), default=False)
    may_be_deficient = models.BooleanField(_("可容缺"), default=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=MaterialStatus.choices, default=MaterialStatus.MISSING, db_index=True
    )
    paper_originals = models.PositiveSmallIntegerField(_("纸质原件份数"), default=0)
    paper_copies = models.PositiveSmallIntegerField(_("纸质复印件份数"), default=0)
    file = models.FileField(_("电子文件"), upload_to=case_material_upload_to, blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=40, blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("收取时间"), null=True, blank=True)
    notice_round = models.PositiveSmallIntegerField(
        _("首次告知轮次"), null=True, blank=True, help_text=_("首次列入一次性告知书的轮次；之后的告知不得新增材料")
    )
    notice_note = models.CharField(_("告知说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "position", "requirement_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "requirement_id"], name="case_material_unique_requirement")
        ]

    def __str__(self):
        return f"{self.name}（{self.get_status_display()}）"

    @property
    def satisfied(self):
        """Counts towards dispatch: received, or allowed to be deficient or committed."""
        return self.status != MaterialStatus.MISSING

    @classmethod
    def from_db(cls, db, field_names, values):
        material = super().from_db(db, field_names, values)
        # The stored file's name as read, so a save can tell whether the file changed.
        material._file_name_as_read = material.__dict__.get("file")
        return material

    @property
    def file_changed_since_read(self):
        """Whether this object's file differs from the one it was read with (True if unknown)."""
        if not hasattr(self, "_file_name_as_read") or "file" not in self.__dict__:
            return True
        return (self.file.name or "") != (str(self._file_name_as_read or ""))

    @property
    def owns_file(self):
        """Whether the stored file is this material's own, to replace or delete.

        Another app may lend the material a file it keeps (the portal lends the applicant's
        library copy) by a one-to-one row to this material whose model sets
        `lends_case_material_file = True`. A lent file is never deleted from here.
        """
        if not self.file:
            return False
        lenders = [
            relation
            for relation in self._meta.related_objects
            if relation.one_to_one and getattr(relation.related_model, "lends_case_material_file", False)
        ]
        return not any(
            relation.related_model._default_manager.filter(**{relation.field.name: self.pk}).exists()
            for relation in lenders
        )


class AppendOnlyError(Exception):
    """Events are the audit trail: they are never updated or deleted."""


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(gettext("办件事件只能追加，不能修改。"))

    def delete(self):
        raise AppendOnlyError(gettext("办件事件只能追加，不能删除。"))

    def public(self):
        return self.filter(public=True)


class CaseEvent(models.Model):
    """One row of the case's append-only log: the public timeline and the audit trail."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("序号"))
    action = models.CharField(_("操作"), max_length=24, choices=Action.choices)
    from_state = models.CharField(_("原状态"), max_length=24, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=24, choices=CaseState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空表示系统"),
    )
    actor_role = models.CharField(_("操作人角色"), max_length=20)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    payload = models.JSONField(_("数据"), default=dict, blank=True)
    public = models.BooleanField(_("对申请人公开"), default=True)
    # Hash chain per case (issue 20): each event covers its content and the previous event's hash.
    prev_hash = models.CharField(_("前一事件哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("办件事件")
        verbose_name_plural = _("办件事件")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="case_event_unique_seq")]
        indexes = [models.Index(fields=["action", "at"], name="case_event_action_at")]

    def __str__(self):
        return f"{self.case_id}#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(gettext("办件事件只能追加，不能修改。"))
        if not self.hash:
            self.link_to_chain()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(gettext("办件事件只能追加，不能删除。"))

    @property
    def label(self):
        """What happened, in the timeline's words: a step names itself; a resume says how the
        deadline moved; a material taken as 容缺 or 承诺后补 is named as such."""
        payload = self.payload or {}
        if self.action == Action.RECORD_MATERIAL:
            if payload.get("status") == MaterialStatus.DEFICIENT:
                return gettext("容缺受理材料")
            if payload.get("status") == MaterialStatus.COMMITTED:
                return gettext("承诺后补材料")
        if self.action == Action.ADVANCE and payload.get("from_step_name"):
            return gettext("%(done)s环节办结，转入%(next)s") % {
                "done": payload["from_step_name"],
                "next": payload.get("step_name", ""),
            }
        if self.action == Action.ADVANCE and payload.get("step_name"):
            return gettext("转入%(next)s环节") % {"next": payload["step_name"]}
        if self.action == Action.CREATE and payload.get("decision_hall"):
            # 就近办 / 全市通办: received at one hall, decided at another (issue 19).
            return gettext("%(hall)s收件，由%(decision_hall)s审批") % {
                "hall": payload.get("hall", ""),
                "decision_hall": payload["decision_hall"],
            }
        if self.action == Action.RESUME and "days_added" in payload:
            days = payload.get("days_added") or 0
            if days:
                return gettext("恢复计时，办结期限顺延%(n)s个工作日") % {"n": days}
            return gettext("恢复计时，办结期限不变")
        return self.get_action_display()

    def link_to_chain(self):
        """Set prev_hash (the case's previous event) and hash; the case row lock orders the events."""
        if self.seq <= 1:
            self.prev_hash = GENESIS
        else:
            previous = (
                CaseEvent.objects.filter(case_id=self.case_id, seq=self.seq - 1)
                .order_by()  # the default ordering would join the case table for nothing
                .values_list("hash", flat=True)
            )
            self.prev_hash = previous.first() or GENESIS
        self.hash = self.compute_hash()

    def chain_content(self):
        return chain.case_event_content(
            case_id=self.case_id,
            seq=self.seq,
            action=self.action,
            from_state=self.from_state,
            to_state=self.to_state,
            actor_id=self.actor_id,
            actor_role=self.actor_role,
            at=self.at,
            note=self.note,
            payload=self.payload,
            public=self.public,
        )

    def compute_hash(self):
        return chain.link(self.prev_hash, self.chain_content())


class Suspension(models.Model):
    """A stretch of 特别程序 during which the clock stands still."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField(_("类型"), max_length=16, choices=SuspensionKind.choices)
    reason = models.TextField(_("事由"))
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("中止工作日"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("恢复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("中止计时")
        verbose_name_plural = _("中止计时")
        ordering = ["case", "started_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(ended_at__isnull=True), name="one_open_suspension")
        ]

    def __str__(self):
        return f"{self.case_id} {self.get_kind_display()}"


def result_upload_to(instance, filename):
    return f"cases/{instance.case.number}/result-{filename}"


def authorisation_upload_to(instance, filename):
    return f"cases/{instance.case.number}/authorisation-{filename}"


class Result(models.Model):
    """What the completed-item window hands out: a certificate, or the denial decision."""

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="result")
    kind = models.CharField(_("类型"), max_length=12, choices=ResultKind.choices)
    number = models.CharField(_("证照/文书编号"), max_length=60, unique=True)
    verification_code = models.CharField(_("核验码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    issued_at = models.DateTimeField(_("出证时间"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    long_term = models.BooleanField(_("长期有效"), default=False)
    appeal_route = models.TextField(_("救济途径"), blank=True)
    file = models.FileField(_("文件"), upload_to=result_upload_to, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("出证人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 撤销 (commitments): a decision obtained by a broken promise is revoked; verification says so.
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revocation_reason = models.TextField(_("撤销理由"), blank=True)
    # desk (issue 11): the completed-item window finds the result by this code (sent to the applicant).
    pickup_code = models.CharField(_("取件码"), max_length=6, blank=True, db_index=True)
    authorisation_letter = models.FileField(
        _("授权委托书扫描件"), upload_to=authorisation_upload_to, blank=True, max_length=255
    )

    class Meta:
        verbose_name = _("办理结果")
        verbose_name_plural = _("办理结果")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number


class DeliveryPreference(models.Model):
    """How the applicant wants the result (pickup, post or electronic), chosen before it is ready.

    The completed-item window reads it when the result arrives; the choice itself is an event
    in the case's timeline (Action.CHOOSE_DELIVERY).
    """

    case = models.OneToOneField(
        Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="delivery_preference"
    )
    method = models.CharField(_("领取方式"), max_length=12, choices=DeliveryMethod.choices)
    recipient = models.CharField(_("收件人"), max_length=50, blank=True)
    phone = EncryptedCharField(_("收件电话"), max_length=20, blank=True)
    address = models.CharField(_("邮寄地址"), max_length=200, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("选择人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(_("选择时间"))

    class Meta:
        verbose_name = _("结果领取方式")
        verbose_name_plural = _("结果领取方式")

    def __str__(self):
        return f"{self.case_id} {self.get_method_display()}"


class EventOutbox(models.Model):
    """An event committed but not yet delivered to every subscriber (the transactional outbox).

    Written in the same transaction as its CaseEvent, so a committed event is never lost; the
    row is deleted once every subscriber's cursor has passed it. Rows that stay (a subscriber
    failed, or no worker ran) are retried by the beat sweep with backoff.
    """

    event = models.OneToOneField(
        CaseEvent, verbose_name=_("办件事件"), on_delete=models.PROTECT, related_name="outbox", primary_key=True
    )
    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("写入时间"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("投递失败次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次投递时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待投递事件")
        verbose_name_plural = _("待投递事件")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["created_at"], name="outbox_created")]

    def __str__(self):
        return f"{self.case_id}#{self.event_id}"


class SubscriberCursor(models.Model):
    """How far one subscriber has read one case's events (the last `seq` it handled).

    Events of one case get contiguous `seq` numbers under the case's row lock, so a cursor per
    (subscriber, case) never skips an event that commits late. A subscriber advances it in the
    same transaction as its own writes: a crash rolls both back, a retry repeats nothing.
    """

    subscriber = models.CharField(_("订阅方"), max_length=60)
    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="+")
    last_seq = models.PositiveIntegerField(_("已处理到的事件序号"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("订阅进度")
        verbose_name_plural = _("订阅进度")
        constraints = [models.UniqueConstraint(fields=["subscriber", "case"], name="cursor_unique_subscriber_case")]

    def __str__(self):
        return f"{self.subscriber}@{self.case_id}:{self.last_seq}"


class RefusalReason(models.Model):
    """A standard reason for 不予受理 the clerk picks from (the hall admin keeps the list)."""

    text = models.CharField(_("理由"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=10)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("不予受理常用理由")
        verbose_name_plural = _("不予受理常用理由")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text
