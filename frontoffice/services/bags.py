"""前台受理文件袋: the desk seals a case's paper in a bag; every handover on its route is recorded.

Route: 窗口封袋 → 传递人员接收 → 审批部门接收 → 归档. Each handover is scanned (the bag code
typed or read by a scanner into the code box) or confirmed by hand, with who and when. The next
handover is due HALL_BAG_HANDOVER_MINUTES (working days) after the last; past due, the bag shows
on the supervisor board, and the miss is written to the audit log exactly once (countdown task on
commit + beat sweep with skip_locked; the service re-checks under the lock).
"""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approvals import policies
from approvals.constants import CaseState
from audit import services as audit
from frontoffice import clock
from frontoffice.constants import BagStage
from frontoffice.models import BagHandover, PaperBag
from hall import clock as hall_clock
from hall.constants import Role
from hall.selectors import staff_profile_of

logger = logging.getLogger("frontoffice")

_NOT_FOR_BAGS = {CaseState.DRAFT, CaseState.SUBMITTED, CaseState.NOT_ACCEPTED, CaseState.WITHDRAWN}


def _new_code(case):
    return f"FB{case.number}-{secrets.token_hex(2).upper()}"


def _schedule(bag, now):
    if bag.next_stage is None:
        bag.next_due_at = bag.warn_at = None
        bag.done_at = now
        return
    due = clock.due_after(now, settings.HALL_BAG_HANDOVER_MINUTES)
    bag.next_due_at, bag.warn_at = due, clock.warn_time(now, due)
    bag.overdue_flagged_at = None


def bag_create(*, case, by):
    """The front desk seals the case's paper in a bag (the first handover: 窗口封袋)."""
    if not policies.may_record_paper_or_status(by, case):
        raise PermissionDenied(_("只有受理该办件的窗口可以封装文件袋。"))
    if case.state in _NOT_FOR_BAGS:
        raise ValidationError({"case": [_("办件当前状态不需要传递纸质材料。")]})
    now = hall_clock.now()
    with transaction.atomic():
        bag = PaperBag(case=case, code=_new_code(case), stage=BagStage.DESK, created_by=by, created_at=now)
        _schedule(bag, now)
        bag.save()
        BagHandover.objects.create(
            bag=bag, stage=BagStage.DESK, recorded_by=by, receiver_name=by.get_full_name() or by.username, at=now
        )
        audit.record(kind="bag-sealed", user=by, target_type="case", target=case.number, details={"bag": bag.code})
        _enqueue_check(bag)
    return bag


def may_record(user, bag, stage):
    """Department receipt is the department's (reviewer or chief); other stops any staff who sees the case."""
    profile = staff_profile_of(user)
    if profile is None:
        return False
    if stage == BagStage.DEPARTMENT:
        return profile.role in (Role.REVIEWER, Role.CHIEF) and profile.department_id == bag.case.department_id
    return True


def bag_handover(*, bag, by, receiver_name="", scanned=False, code="", note=""):
    """Record the bag's next handover. A scan must match the bag's code."""
    with transaction.atomic():
        bag = PaperBag.objects.select_for_update().select_related("case").get(pk=bag.pk)
        stage = bag.next_stage
        if stage is None:
            raise ValidationError({"code": [_("该文件袋已归档，流转已结束。")]})
        if scanned and (code or "").strip().upper() != bag.code.upper():
            raise ValidationError({"code": [_("扫描的条码与该文件袋不符，请核对。")]})
        if not may_record(by, bag, stage):
            raise PermissionDenied(_("“%(stage)s”须由审批部门工作人员扫码确认。") % {"stage": stage.label})
        receiver = (receiver_name or "").strip() or by.get_full_name() or by.username
        now = hall_clock.now()
        BagHandover.objects.create(
            bag=bag,
            stage=stage,
            recorded_by=by,
            receiver_name=receiver[:50],
            scanned=bool(scanned),
            note=(note or "").strip()[:200],
            at=now,
        )
        bag.stage = stage
        _schedule(bag, now)
        bag.save(update_fields=["stage", "next_due_at", "warn_at", "overdue_flagged_at", "done_at"])
        audit.record(
            kind="bag-handover",
            user=by,
            target_type="case",
            target=bag.case.number,
            details={"bag": bag.code, "stage": stage, "receiver": receiver[:50], "scanned": bool(scanned)},
        )
        if bag.done_at is None:
            _enqueue_check(bag)
    return bag


def _enqueue_check(bag):
    pk, due = bag.pk, bag.next_due_at

    def send():
        from frontoffice import tasks

        countdown = max(0, (due - hall_clock.now()).total_seconds())
        try:
            tasks.flag_missing_handover.apply_async(args=[pk], countdown=countdown)
        except Exception:  # the broker is down: the beat sweep flags it
            logger.exception("could not enqueue the handover check of bag %s", pk)

    transaction.on_commit(send)


def bag_flag_missing(*, bag_id, now=None):
    """The next handover is past due: record the miss once (the board shows it). True if it did."""
    now = now or hall_clock.now()
    with transaction.atomic():
        bag = (
            PaperBag.objects.select_for_update()
            .select_related("case")
            .filter(pk=bag_id, done_at__isnull=True, overdue_flagged_at__isnull=True, next_due_at__lte=now)
            .first()
        )
        if bag is None:
            return False
        bag.overdue_flagged_at = now
        bag.save(update_fields=["overdue_flagged_at"])
        audit.record(
            kind="bag-handover-missing",
            target_type="case",
            target=bag.case.number,
            details={"bag": bag.code, "expected": bag.next_stage},
        )
    return True


def sweep_due(*, now=None, limit=500):
    now = now or hall_clock.now()
    ids = list(
        PaperBag.objects.filter(done_at__isnull=True, overdue_flagged_at__isnull=True, next_due_at__lte=now)
        .order_by("next_due_at")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            claimed = (
                PaperBag.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, done_at__isnull=True, overdue_flagged_at__isnull=True)
                .values_list("pk", flat=True)
                .first()
            )
            if claimed is None:
                continue
            done += bag_flag_missing(bag_id=claimed, now=now)
    return done
