"""审批结果推送: decided cases go to each regulator of the item; the regulator acknowledges (签收).

Hook for revocation / change of a licence: a case event whose action is a key of
settings.REGULATORS_REPUSH_ACTIONS pushes the case again as that kind (see
regulators.subscribers); another app may also call `handoff_repush` inside its own
transaction.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import Action, Outcome
from approvals.models import Case, CaseEvent, Result
from approvals.services._base import lock_case, write_event
from hall import clock as hall_clock
from regulators.constants import AckChannel, HandoffKind
from regulators.models import Handoff, RegulatorEndpoint
from regulators.selectors import is_department_staff
from regulators.services import notices, webhooks
from regulators.timing import deadline_from

TIMELINE_LIMIT = 60


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def result_summary(case):
    result = Result.objects.filter(case=case).first()
    if result is None:
        return None
    return {
        "kind": result.kind,
        "number": result.number,
        "name": result.name,
        "issued_at": _iso(result.issued_at),
        "valid_until": result.valid_until.isoformat() if result.valid_until else None,
        "verification_code": result.verification_code,
    }


def case_summary(case):
    """What the regulator receives: the case, its result, its materials and its timeline."""
    materials = [
        {
            "requirement_id": m.requirement_id,
            "name": m.name,
            "required": m.required,
            "status": m.status,
            "status_label": str(m.get_status_display()),
            "has_file": bool(m.file),
        }
        for m in case.materials.order_by("position", "requirement_id")
    ]
    timeline = [
        {"at": _iso(e.at), "action": e.action, "label": str(e.get_action_display()), "note": (e.note or "")[:200]}
        for e in CaseEvent.objects.filter(case=case).order_by("seq")[:TIMELINE_LIMIT]
    ]
    return {
        "case_number": case.number,
        "item_code": case.item.code,
        "item_name": case.item.name,
        "department": case.department.name,
        "applicant_name": case.applicant_name,
        "applicant_type": case.applicant_type,
        "accepted_at": _iso(case.accepted_at),
        "decided_at": _iso(case.decided_at),
        "outcome": case.outcome,
        "outcome_label": str(Outcome(case.outcome).label) if case.outcome else "",
        "decision_reason": case.decision_reason,
        "result": result_summary(case),
        "materials": materials,
        "timeline": timeline,
    }


def handoffs_push(*, case_id, source_event_id, kind, at, reason="", schedule=True):
    """One handoff per regulator of the item for this event (a repeat does nothing). Runs in
    the caller's transaction (a case-event subscriber's). `schedule=False` (the demo's
    history) leaves the due-time tasks and webhooks out; the beat sweep still watches the rows."""
    case = Case.objects.select_related("item", "department").get(pk=case_id)
    regulators = list(case.item.regulators.all())
    if not regulators:
        return []
    summary = case_summary(case)
    deadline = deadline_from(start=at, days=settings.REGULATORS_ACK_DAYS, warn_days=settings.REGULATORS_ACK_WARN_DAYS)
    made = []
    for regulator in regulators:
        handoff, created = Handoff.objects.get_or_create(
            source_event_id=source_event_id,
            regulator=regulator,
            defaults={
                "case": case,
                "kind": kind,
                "outcome": case.outcome,
                "reason": reason,
                "summary": summary,
                "created_at": at,
                "deadline_at": deadline.deadline_at,
                "warn_at": deadline.warn_at,
                "provisional": deadline.provisional,
            },
        )
        if not created:
            continue
        made.append(handoff)
        if not schedule:
            continue
        notices.enqueue_level_checks(label="handoff", obj=handoff)
        endpoint = RegulatorEndpoint.objects.filter(department=regulator, is_active=True).first()
        if endpoint is not None:
            webhooks.delivery_create(handoff=handoff, endpoint=endpoint)
    return made


def handoff_repush(*, case_id, source_event_id, kind, at=None, reason=""):
    """The licence was revoked or changed: push the case again to its regulators."""
    if kind not in HandoffKind.values:
        raise ValidationError({"kind": [_("推送类型无效。")]})
    with transaction.atomic():
        return handoffs_push(
            case_id=case_id, source_event_id=source_event_id, kind=kind, at=at or hall_clock.now(), reason=reason
        )


def handoffs_refresh_result(*, case_id):
    """The certificate was issued after the decision: add it to the case's handoffs."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return 0
    result = result_summary(case)
    changed = 0
    for handoff in Handoff.objects.select_for_update().filter(case_id=case_id):
        handoff.summary = {**handoff.summary, "result": result}
        handoff.save(update_fields=["summary"])
        changed += 1
    return changed


def handoff_acknowledge(*, handoff, by=None, endpoint=None, note=""):
    """签收: by the regulating department's staff (inbox) or its own system (token). A second
    acknowledgement changes nothing (an external system may retry)."""
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": [_("签收意见不能超过300字。")]})
    with transaction.atomic():
        handoff = Handoff.objects.select_for_update().select_related("regulator").get(pk=handoff.pk)
        if endpoint is not None:
            if endpoint.department_id != handoff.regulator_id:
                raise PermissionDenied(_("该推送不属于本部门。"))
        elif not is_department_staff(by, handoff.regulator_id):
            raise PermissionDenied(_("只有监管部门的工作人员可以签收。"))
        if handoff.acknowledged_at is not None:
            return handoff
        handoff.acknowledged_at = hall_clock.now()
        handoff.acknowledged_by = by if endpoint is None else None
        handoff.acknowledged_via = AckChannel.API if endpoint is not None else AckChannel.INBOX
        handoff.ack_note = note
        handoff.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledged_via", "ack_note"])
        case = lock_case(handoff.case_id)
        write_event(
            case,
            action=Action.HANDOFF_ACKNOWLEDGE,
            from_state=case.state,
            by=by if endpoint is None else None,
            note=_("%(regulator)s已签收%(kind)s（%(via)s）")
            % {
                "regulator": handoff.regulator.name,
                "kind": HandoffKind(handoff.kind).label,
                "via": AckChannel(handoff.acknowledged_via).label,
            },
            at=handoff.acknowledged_at,
            public=False,
            payload={"handoff_id": handoff.pk, "regulator": handoff.regulator.code, "via": handoff.acknowledged_via},
        )
    return handoff


def repush_kind(action):
    """The handoff kind a case-event action pushes, or None (decide → decision)."""
    if action == Action.DECIDE:
        return HandoffKind.DECISION
    return settings.REGULATORS_REPUSH_ACTIONS.get(action)
