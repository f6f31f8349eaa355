"""监管协同 / 变更告知 / 业务会商: threads between two departments, with a deadline.

A request back (监管协同) must be answered by the receiving department; a change notice or a
consultation must be acknowledged (签收). Both are on the hall's working-day clock.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approvals.models import Case
from approvals.services._base import blank
from hall import clock as hall_clock
from regulators.constants import RequestTopic, ThreadKind, ThreadStatus
from regulators.models import Thread, ThreadMessage
from regulators.selectors import department_of, is_department_staff
from regulators.services import notices
from regulators.timing import deadline_from


def thread_open(*, kind, to_department, subject, body, by, topic="", case_number="", licensee="", file=None, item=None):
    errors = {}
    department = department_of(by)
    if department is None:
        raise PermissionDenied(_("只有部门工作人员可以发起协同事项。"))
    if kind not in ThreadKind.values:
        errors["kind"] = [_("类型无效。")]
    if to_department is None or to_department.pk == department.pk:
        errors["to_department"] = [_("请选择其他部门作为接收部门。")]
    if blank(subject):
        errors["subject"] = [_("请填写标题。")]
    if blank(body):
        errors["body"] = [_("请填写内容。")]
    if topic and topic not in RequestTopic.values:
        errors["topic"] = [_("事由类别无效。")]
    if kind == ThreadKind.REQUEST_BACK and not topic:
        errors["topic"] = [_("监管协同须选择事由类别。")]
    case = None
    if case_number and case_number.strip():
        case = Case.objects.select_related("item").filter(number=case_number.strip()).first()
        # Only cases of the two departments concerned may be named.
        if case is None or (
            case.department_id not in (department.pk, getattr(to_department, "pk", None))
            and not case.item.regulators.filter(pk=department.pk).exists()
        ):
            errors["case_number"] = [_("未找到该办件，或该办件与双方部门无关。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = hall_clock.now()
        deadline = deadline_from(start=now, days=settings.REGULATORS_THREAD_DAYS)
        thread = Thread.objects.create(
            kind=kind,
            topic=topic or "",
            from_department=department,
            to_department=to_department,
            case=case,
            item=case.item if case else item,
            licensee=(licensee or (case.applicant_name if case else "")).strip(),
            subject=subject.strip(),
            created_by=by,
            created_at=now,
            deadline_at=deadline.deadline_at,
            warn_at=deadline.warn_at,
            provisional=deadline.provisional,
        )
        ThreadMessage.objects.create(
            thread=thread, department=department, author=by, body=body.strip(), file=file or "", at=now
        )
        notices.enqueue_level_checks(label="thread", obj=thread)
    return thread


def thread_acknowledge(*, thread, by):
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if not is_department_staff(by, thread.to_department_id):
            raise PermissionDenied(_("只有接收部门的工作人员可以签收。"))
        if thread.acknowledged_at is None:
            thread.acknowledged_at, thread.acknowledged_by = hall_clock.now(), by
            thread.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return thread


def thread_reply(*, thread, body, by, file=None):
    """Either side writes; the receiving department's first reply answers a request back."""
    if blank(body):
        raise ValidationError({"body": [_("请填写答复内容。")]})
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        department = department_of(by)
        if department is None or department.pk not in (thread.from_department_id, thread.to_department_id):
            raise PermissionDenied(_("只有双方部门的工作人员可以留言。"))
        if thread.status == ThreadStatus.CLOSED:
            raise ValidationError({"body": [_("该协同事项已办结。")]})
        now = hall_clock.now()
        ThreadMessage.objects.create(
            thread=thread, department=department, author=by, body=body.strip(), file=file or "", at=now
        )
        if department.pk == thread.to_department_id:
            fields = []
            if thread.acknowledged_at is None:
                thread.acknowledged_at, thread.acknowledged_by = now, by
                fields += ["acknowledged_at", "acknowledged_by"]
            if thread.answered_at is None:
                thread.answered_at, thread.status = now, ThreadStatus.ANSWERED
                fields += ["answered_at", "status"]
            if fields:
                thread.save(update_fields=fields)
    return thread


def thread_close(*, thread, by):
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if not is_department_staff(by, thread.from_department_id):
            raise PermissionDenied(_("只有发起部门可以办结协同事项。"))
        thread.status = ThreadStatus.CLOSED
        thread.save(update_fields=["status"])
    return thread
