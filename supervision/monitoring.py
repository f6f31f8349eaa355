"""电子监察's writes: watching cases from events, raising findings once, escalating them on the
hall's working-day clock, and the department's explanation and the supervisor's review.

Due times are stored (CaseWatch and Finding.escalate_at); the beat sweep claims due rows with
select_for_update(skip_locked=True) and re-checks under the lock, so a finding is raised and a
card escalated exactly once however many sweeps run.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import Action, CaseState
from approvals.models import Case
from catalog import clock
from hall.constants import DEPARTMENT_ROLES, SEE_ALL_ROLES, Role
from hall.models import StaffProfile
from hall.selectors import staff_profile_of
from supervision.constants import NotificationKind
from supervision.models import Notification
from supervision.monitoring_models import (
    COUNTED_STATUSES,
    CaseWatch,
    DepartmentWeek,
    Finding,
    FindingLevel,
    FindingStatus,
    MonitorRule,
    RuleCode,
)

ACCEPTANCES = {Action.ACKNOWLEDGE, Action.DEEM_ACCEPTED, Action.ACCEPT_ON_THE_SPOT}
CLOSING = {Action.DECIDE, Action.WITHDRAW}
NEXT_LEVEL = {FindingLevel.WARNING: FindingLevel.YELLOW, FindingLevel.YELLOW: FindingLevel.RED}
DEFAULT_UNTOUCHED_DAYS = 3
DEFAULT_REASON_CHARS = 10


def _rule(code):
    return MonitorRule.objects.filter(code=code, enabled=True).first()


def _due(moment, days):
    """Close of the `days`-th working day after `moment`'s Beijing date."""
    return clock.close_of_day(clock.add_working_days(timezone.localdate(moment), days))


def _escalate_at(rule, level, now):
    if level == FindingLevel.RED or not rule.escalate_days:
        return None
    return _due(now, rule.escalate_days)


def _notify(finding, message):
    recipients = set(
        StaffProfile.objects.filter(department_id=finding.department_id, role=Role.CHIEF).values_list(
            "user_id", flat=True
        )
    )
    if finding.staff_id:
        recipients.add(finding.staff_id)
    Notification.objects.bulk_create(
        Notification(user_id=user_id, case_id=finding.case_id, kind=NotificationKind.MONITOR, message=message[:300])
        for user_id in recipients
    )


def _message(finding, case_number):
    return _("电子监察%(level)s：办件 %(number)s %(rule)s。%(detail)s 请在规定时间内提交情况说明。") % {
        "level": finding.get_level_display(),
        "number": case_number,
        "rule": finding.get_rule_display(),
        "detail": finding.detail,
    }


def finding_raise(*, rule_code, case, staff_id, occurrence, detail, now=None):
    """Raise one finding for (rule, case, occurrence); None if the rule is off or it exists already."""
    rule = _rule(rule_code)
    if rule is None:
        return None
    now = now or timezone.now()
    try:
        with transaction.atomic():
            finding = Finding.objects.create(
                rule=rule_code,
                occurrence=occurrence,
                case_id=case.pk,
                department_id=case.department_id,
                staff_id=staff_id,
                level=rule.initial_level,
                detail=detail[:300],
                raised_at=now,
                escalate_at=_escalate_at(rule, rule.initial_level, now),
            )
            _notify(finding, _message(finding, case.number))
    except IntegrityError:
        return None
    return finding


# --- from case events (called by the subscriber, inside its transaction) ------------------


def watch_event(message):
    """Keep the case's due times up to date, and apply the rules an event alone can break."""
    action = message.action
    if action in ACCEPTANCES or action in CLOSING or action in (Action.ADVANCE, Action.SUSPEND, Action.RESUME):
        case = Case.objects.select_related("item_version").get(pk=message.case_id)
        _update_watch(message, case)
    else:
        case = None
    _event_rules(message, case)


def _untouched_days():
    rule = _rule(RuleCode.UNTOUCHED)
    return (rule.threshold or DEFAULT_UNTOUCHED_DAYS) if rule else DEFAULT_UNTOUCHED_DAYS


def _step_due(case, at):
    step = case.step(case.current_step) if case.current_step is not None else None
    limit = (step or {}).get("limit_days")
    return _due(at, limit) if limit else None


def _update_watch(message, case):
    if message.action in CLOSING:
        CaseWatch.objects.filter(case_id=case.pk).delete()
        return
    watch = CaseWatch.objects.filter(case_id=case.pk).first()
    if watch is None:
        if message.action not in ACCEPTANCES:
            return
        watch = CaseWatch(case_id=case.pk, department_id=case.department_id)
    at = message.at
    watch.touched_at = at
    if message.actor_id and message.actor_role in DEPARTMENT_ROLES:
        watch.last_actor_id = message.actor_id
    if message.action == Action.SUSPEND:  # the clock stands still: nothing falls due
        watch.step_due_at = watch.untouched_due_at = watch.deadline_at = None
    else:
        watch.step = case.current_step
        # A step's own limit counts from when the case reached it (or came back from a suspension).
        watch.step_due_at = _step_due(case, at)
        watch.untouched_due_at = _due(at, _untouched_days())
        watch.deadline_at = case.deadline_at if case.state == CaseState.IN_REVIEW else None
    watch.save()


def _event_rules(message, case):
    if message.action == Action.REFUSE:
        rule = _rule(RuleCode.REFUSAL_WITHOUT_REASON)
        if rule and len(message.note.strip()) < (rule.threshold or DEFAULT_REASON_CHARS):
            _raise_for_message(message, RuleCode.REFUSAL_WITHOUT_REASON, _("不予受理理由：“%(r)s”。"))
    elif message.action == Action.DECIDE and message.to_state == CaseState.DENIED:
        rule = _rule(RuleCode.DENIAL_WITHOUT_REASON)
        if rule and len(message.note.strip()) < (rule.threshold or DEFAULT_REASON_CHARS):
            _raise_for_message(message, RuleCode.DENIAL_WITHOUT_REASON, _("不予许可理由：“%(r)s”。"))
    elif message.action == Action.DEEM_ACCEPTED:
        _raise_for_message(message, RuleCode.WINDOW_MISSED, _("部门未在确认时限内处理，系统视为同意受理。"))


def _raise_for_message(message, code, text):
    case = Case.objects.only("pk", "number", "department_id").get(pk=message.case_id)
    finding_raise(
        rule_code=code,
        case=case,
        staff_id=message.actor_id,
        occurrence=f"event-{message.event_id}",
        detail=text % {"r": (message.note or "").strip()[:100]} if "%(r)s" in text else text,
        now=message.at,
    )


# --- the sweep (beat) ---------------------------------------------------------------------


def _claim(queryset):
    return queryset.select_for_update(skip_locked=True).first()


def monitoring_sweep(*, now=None, limit=500):
    """Raise the time rules' findings that fell due and escalate unexplained ones. Returns counts."""
    now = now or timezone.now()
    raised = escalated = 0
    time_rules = [
        ("deadline_at", RuleCode.OVER_PROMISED_LIMIT),
        ("step_due_at", RuleCode.STEP_OVER_LIMIT),
        ("untouched_due_at", RuleCode.UNTOUCHED),
    ]
    for field, code in time_rules:
        due = CaseWatch.objects.filter(**{f"{field}__lte": now}).order_by(field).values_list("case_id", flat=True)
        for case_id in list(due[:limit]):
            with transaction.atomic():
                watch = _claim(CaseWatch.objects.filter(pk=case_id, **{f"{field}__lte": now}))
                if watch is None:
                    continue
                raised += _raise_time_finding(watch, field, code, now) is not None
                setattr(watch, field, None)  # once per occurrence; the next event sets it again
                watch.save(update_fields=[field])
    for finding_id in list(
        Finding.objects.filter(status=FindingStatus.OPEN, escalate_at__lte=now).values_list("pk", flat=True)[:limit]
    ):
        with transaction.atomic():
            finding = _claim(Finding.objects.filter(pk=finding_id, status=FindingStatus.OPEN, escalate_at__lte=now))
            if finding is None:
                continue
            escalated += _escalate(finding, now)
    return {"raised": raised, "escalated": escalated}


def _raise_time_finding(watch, field, code, now):
    case = Case.objects.only("pk", "number", "department_id", "deadline_at").get(pk=watch.case_id)
    due = getattr(watch, field)
    if code == RuleCode.OVER_PROMISED_LIMIT:
        detail = _("已超过承诺办结期限 %(due)s。")
        occurrence = f"deadline-{due:%Y%m%d}"
    elif code == RuleCode.STEP_OVER_LIMIT:
        detail = _("审查环节超过环节时限（应于 %(due)s 前完成）。")
        occurrence = f"step-{watch.step}-{due:%Y%m%d}"
    else:
        detail = _("自 %(touched)s 起无人处理，超过规定工作日数。")
        occurrence = f"idle-{watch.touched_at:%Y%m%d%H%M%S}"
    text = detail % {
        "due": timezone.localtime(due).strftime("%Y-%m-%d"),
        "touched": timezone.localtime(watch.touched_at).strftime("%Y-%m-%d %H:%M"),
    }
    return finding_raise(
        rule_code=code, case=case, staff_id=watch.last_actor_id, occurrence=occurrence, detail=text, now=now
    )


def _escalate(finding, now):
    level = NEXT_LEVEL.get(finding.level)
    if level is None:
        finding.escalate_at = None
        finding.save(update_fields=["escalate_at"])
        return 0
    rule = MonitorRule.objects.filter(code=finding.rule).first()
    finding.level = level
    finding.escalated_at = now
    finding.escalate_at = _escalate_at(rule, level, now) if rule else None
    finding.save(update_fields=["level", "escalated_at", "escalate_at"])
    number = Case.objects.filter(pk=finding.case_id).values_list("number", flat=True).first()
    _notify(finding, _message(finding, number))
    return 1


# --- explanation and review ---------------------------------------------------------------


def _lock(finding):
    return Finding.objects.select_for_update().get(pk=finding.pk)


def finding_explain(*, finding, text, by):
    """The department files its explanation (情况说明); escalation stops while it is reviewed."""
    if not (text or "").strip():
        raise ValidationError({"explanation": [_("请填写情况说明。")]})
    profile = staff_profile_of(by)
    with transaction.atomic():
        finding = _lock(finding)
        if profile is None or profile.role not in DEPARTMENT_ROLES or profile.department_id != finding.department_id:
            raise PermissionDenied(_("只有该部门的工作人员可以提交情况说明。"))
        if finding.status != FindingStatus.OPEN:
            raise ValidationError({"explanation": [_("该监察发现已说明或已审核，不能再次提交。")]})
        finding.explanation, finding.explained_by, finding.explained_at = text.strip(), by, timezone.now()
        finding.status, finding.escalate_at = FindingStatus.EXPLAINED, None
        finding.save()
    return finding


def finding_review(*, finding, accept, note, by):
    """A supervisor accepts the explanation (the card is withdrawn) or upholds the card."""
    profile = staff_profile_of(by)
    with transaction.atomic():
        finding = _lock(finding)
        if not (by.is_superuser or (profile is not None and profile.role in SEE_ALL_ROLES)):
            raise PermissionDenied(_("只有督查人员可以审核情况说明。"))
        if finding.status != FindingStatus.EXPLAINED:
            raise ValidationError({"review": [_("只能审核已提交情况说明的监察发现。")]})
        if not accept and not (note or "").strip():
            raise ValidationError({"note": [_("维持处理须填写审核意见。")]})
        finding.status = FindingStatus.ACCEPTED if accept else FindingStatus.UPHELD
        finding.review_note, finding.reviewed_by, finding.reviewed_at = (note or "").strip(), by, timezone.now()
        finding.save()
    return finding


# --- department halls' weekly standing (专厅红黄绿) ------------------------------------------


def week_colour(*, yellow, red, decided, on_time):
    rate = on_time / decided if decided else 1
    if red or rate < 0.9:
        return "red"
    if yellow or rate < 0.98:
        return "yellow"
    return "green"


def department_weeks_record(*, week_start):
    """Compute and keep every department's standing for the week starting `week_start` (Monday)."""
    from django.db.models import Count, F, Q

    from catalog.models import Department

    start = clock.close_of_day(week_start - timedelta(days=1))
    end = clock.close_of_day(week_start + timedelta(days=6))
    cards = {
        row["department_id"]: row
        for row in Finding.objects.filter(raised_at__gt=start, raised_at__lte=end, status__in=COUNTED_STATUSES)
        .values("department_id")
        .annotate(
            yellow=Count("id", filter=Q(level=FindingLevel.YELLOW)), red=Count("id", filter=Q(level=FindingLevel.RED))
        )
    }
    decisions = {
        row["department_id"]: row
        for row in Case.objects.filter(decided_at__gt=start, decided_at__lte=end)
        .values("department_id")
        .annotate(
            decided=Count("id"),
            on_time=Count("id", filter=Q(deadline_at__isnull=True) | Q(decided_at__lte=F("deadline_at"))),
        )
    }
    rows = []
    for department_id in Department.objects.values_list("pk", flat=True):
        c, d = cards.get(department_id, {}), decisions.get(department_id, {})
        values = {
            "yellow_cards": c.get("yellow", 0),
            "red_cards": c.get("red", 0),
            "decided": d.get("decided", 0),
            "on_time": d.get("on_time", 0),
        }
        values["colour"] = week_colour(
            yellow=values["yellow_cards"], red=values["red_cards"], decided=values["decided"], on_time=values["on_time"]
        )
        row, _created = DepartmentWeek.objects.update_or_create(
            week_start=week_start, department_id=department_id, defaults={**values, "computed_at": timezone.now()}
        )
        rows.append(row)
    return rows
