"""Writes of 批量受理: register a batch (every row validated, valid rows become cases in one
transaction through approvals' intake service) and move a batch's cases through together
(each case by its own service call, so each gets its own event; failures are reported per case).
"""

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from approvals import actions as action_table
from approvals import policies
from approvals.constants import Channel, MaterialStatus, PaperKind
from approvals.services import case_create, case_record_material, clean_applicant
from batches.models import Batch, BatchCase, BatchRun
from hall import clock as hall_clock
from hall.crypto import normalise
from hall.identity import clean_phone, clean_resident_id
from hall.selectors import staff_profile_of

RECEIVE_MATERIALS = "receive-materials"
# What a batch may do for all its cases, in the order of a case's way (the table's rows decide
# who may and whether each case can now).
BATCH_ACTIONS = {
    RECEIVE_MATERIALS: gettext_lazy("全部收齐纸质材料"),
    "dispatch": gettext_lazy("全部推送部门"),
    "accept-on-the-spot": gettext_lazy("全部当场受理"),
    "acknowledge": gettext_lazy("全部受理确认"),
    "advance": gettext_lazy("全部进入下一环节"),
    "decide": gettext_lazy("全部作出决定"),
    "issue": gettext_lazy("全部制证出件"),
}


def _default_type(item):
    allowed = list(item.applicant_types or [])
    return "person" if not allowed or "person" in allowed else allowed[0]


def validate_rows(*, item, rows, agent):
    """([(line, applicant dict)], [{line, errors}]): each row checked as its case would be."""
    good, bad, seen = [], [], {}
    default_type = _default_type(item)
    allowed = list(item.applicant_types or [])
    for line, row in rows:
        applicant = {"type": default_type, **row, **agent}
        try:
            fields = clean_applicant(applicant)
            if allowed and fields["applicant_type"] not in allowed:
                raise ValidationError({"type": [_("该事项不接受此类申请人。")]})
        except ValidationError as exc:
            bad.append({"line": line, "errors": exc.message_dict})
            continue
        key = normalise(fields["applicant_id_number"])
        if key in seen:
            bad.append(
                {"line": line, "errors": {"id_number": [_("与第 %(line)s 行的证件号码重复。") % {"line": seen[key]}]}}
            )
            continue
        seen[key] = line
        good.append((line, applicant))
    return good, bad


def _clean_agent(*, agent_name, agent_id_number, agent_phone):
    agent_name, agent_id_number = (agent_name or "").strip(), (agent_id_number or "").strip()
    errors, values = {}, {"agent_name": agent_name}
    if bool(agent_name) != bool(agent_id_number):
        errors["agent_id_number"] = [_("代理人姓名和身份证号须同时填写。")]
    if agent_id_number:
        try:
            values["agent_id_number"] = clean_resident_id(agent_id_number)
        except ValidationError as exc:
            errors["agent_id_number"] = exc.messages
    phone = ""
    if (agent_phone or "").strip():
        try:
            phone = clean_phone(agent_phone)
        except ValidationError as exc:
            errors["agent_phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values, phone


def batch_create(*, item, by, rows, submitter, source, filename="", agent_name="", agent_id_number="", agent_phone=""):
    """Register a batch: every row validated; the valid ones become cases in one transaction."""
    submitter = (submitter or "").strip()
    if not submitter:
        raise ValidationError({"submitter": [_("请填写提交单位或申请人。")]})
    if source not in Batch.Source.values:
        raise ValidationError({"source": [_("来源无效。")]})
    if not item.is_active:
        raise ValidationError({"item": [_("该事项已停用，不能申请。")]})
    channel = Channel.AGENT if (agent_name or "").strip() else Channel.WINDOW
    if not policies.may_create(by, item=item, channel=channel):
        raise PermissionDenied(_("您无权在本窗口受理此事项。"))
    if len(rows) > settings.HALL_BATCH_MAX_ROWS:
        raise ValidationError({"rows": [_("一次最多受理 %(max)s 件。") % {"max": settings.HALL_BATCH_MAX_ROWS}]})
    agent, agent_phone = _clean_agent(agent_name=agent_name, agent_id_number=agent_id_number, agent_phone=agent_phone)
    good, bad = validate_rows(item=item, rows=rows, agent=agent)
    if not good:
        error = ValidationError({"rows": [_("没有一行可以登记，请按行号更正后重新提交。")]})
        error.row_errors = bad
        raise error
    started = time.monotonic()
    window = staff_profile_of(by).window
    with transaction.atomic():
        now = hall_clock.now()
        batch = Batch.objects.create(
            number=f"PL{timezone.localtime(now):%Y%m%d%H%M%S%f}"[:24],
            item=item,
            department_id=item.department_id,
            submitter=submitter[:100],
            agent_name=agent.get("agent_name", ""),
            agent_id_number=agent.get("agent_id_number", ""),
            agent_phone=agent_phone,
            source=source,
            filename=(filename or "")[:200],
            rows_total=len(rows),
            errors=bad,
            window=window,
            created_by=by,
            created_at=now,
        )
        entries = []
        for line, applicant in good:
            case = case_create(item=item, channel=channel, applicant=applicant, by=by, window=window)
            entries.append(BatchCase(batch=batch, case=case, line=line))
        BatchCase.objects.bulk_create(entries)
        batch.rows_created = len(entries)
        batch.elapsed_ms = int((time.monotonic() - started) * 1000)
        batch.number = f"PL{timezone.localtime(now):%Y%m%d}{batch.pk:06d}"
        batch.save(update_fields=["rows_created", "elapsed_ms", "number"])
    return batch


def _receive_materials(*, case, by):
    """Every required material still missing is recorded as an original on paper (one event each)."""
    missing = list(
        case.materials.filter(required=True, status=MaterialStatus.MISSING).values_list("requirement_id", flat=True)
    )
    if not missing:
        raise ValidationError({"materials": [_("必要材料已收齐。")]})
    for requirement_id in missing:
        case_record_material(
            case=case, requirement_id=requirement_id, paper=PaperKind.ORIGINAL, by=by, note=_("批量受理收取")
        )


def batch_run(*, batch, action, by, data=None):
    """Do `action` for every case of the batch; returns the BatchRun with each failure and its reason."""
    if action not in BATCH_ACTIONS:
        raise ValidationError({"action": [_("不支持的批量操作。")]})
    data = dict(data or {})
    row = action_table.get(action) if action != RECEIVE_MATERIALS else None
    if action != RECEIVE_MATERIALS and row is None:
        raise ValidationError({"action": [_("不支持的批量操作。")]})
    succeeded, failures = 0, []
    entries = BatchCase.objects.filter(batch=batch).select_related("case", "case__item_version", "case__department")
    for entry in entries:
        case = entry.case
        try:
            if row is None:
                if not policies.may_record_paper_or_status(by, case):
                    raise PermissionDenied(_("您无权为该办件登记纸质材料。"))
                _receive_materials(case=case, by=by)
            else:
                if not row.allowed(by, case):
                    raise PermissionDenied(_("您的岗位不能对该办件执行“%(a)s”。") % {"a": row.label})
                if not row.possible_now(case):
                    raise TransitionNotAllowed(_("办件当前状态不能执行“%(a)s”。") % {"a": row.label})
                form = row.make_form(case, data=data)
                if not form.is_valid():
                    raise ValidationError(form.errors)
                row.run(case=case, by=by, data=form.cleaned_data)
            succeeded += 1
        except (ValidationError, PermissionDenied, TransitionNotAllowed, ConcurrentTransition) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            failures.append({"case": case.number, "line": entry.line, "message": message})
    return BatchRun.objects.create(
        batch=batch, action=action, by=by, at=hall_clock.now(), succeeded=succeeded, failures=failures
    )
