"""Writes of supervision: the time-limit warning scan, urging (督办) and reading notifications."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services import case_urge
from supervision.constants import NotificationKind, WarningLevel
from supervision.models import Notification, SweepMark, WarningRecord
from supervision.selectors import (
    cases_due_warning,
    sweep_mark,
    urge_recipient_ids,
    warning_recipient_ids,
    warnings_due_since,
)


def _message(case, level):
    deadline = timezone.localtime(case.deadline_at).strftime("%Y-%m-%d %H:%M")
    if level == WarningLevel.RED:
        text = _("办件 %(number)s（%(item)s）已超过办结期限 %(deadline)s，请立即办理。")
    else:
        text = _("办件 %(number)s（%(item)s）临近办结期限 %(deadline)s，已进入黄灯预警。")
    return text % {"number": case.number, "item": case.item.name, "deadline": deadline}


WARNINGS_SWEEP = "time-limit-warnings"
# How far back each run looks again before its watermark: a transaction that committed late
# (an acknowledgement stamped before the last run but committed after it) is still seen. The
# records' unique (case, level) keeps it exactly-once.
SWEEP_OVERLAP = timedelta(minutes=10)
# A watermark older than this (the beat stopped for a day) or ahead of `now`: scan everything once.
SWEEP_MAX_GAP = timedelta(days=1)
# The watermark is written (a committed UPDATE, an fsync) only once it is this far behind: a run
# every minute then writes it every fifth time and reads at most 15 minutes back instead of 11.
# Nothing is missed meanwhile: each run still looks back from the watermark it read.
SWEEP_MARK_EVERY = timedelta(minutes=5)


def warnings_scan(*, now=None):
    """Record one warning per (case, level) for cases that crossed into yellow or red.

    Incremental: from the watermark, only cases whose warn_at / deadline_at fell since then, and
    cases whose clock changed since then (index range scans, one query; nothing new costs that
    query and reading the watermark); the first run, or one after a long gap, looks at every
    running case.

    Safe to run twice or concurrently: the unique (case, level) row is inserted in its own
    savepoint before any notification, and a run that loses the insert skips the case.
    Returns how many warnings it recorded.
    """
    now = now or timezone.now()
    mark = sweep_mark(WARNINGS_SWEEP)
    if mark is not None and mark <= now and now - mark <= SWEEP_MAX_GAP:
        # Incremental: one query finds the (case, level) pairs; only those cases are read in full.
        levels = {}
        for case_id, level in warnings_due_since(since=mark - SWEEP_OVERLAP, now=now):
            levels.setdefault(level, set()).add(case_id)
        due = {level: cases_due_warning(level=level, now=now, ids=ids) for level, ids in levels.items()}
    else:
        # A full scan streams (a server-side cursor).
        due = {
            level: cases_due_warning(level=level, now=now).iterator(chunk_size=500)
            for level in (WarningLevel.RED, WarningLevel.YELLOW)
        }
    recorded = 0
    recipients = {}
    for level in (WarningLevel.RED, WarningLevel.YELLOW):
        for case in due.get(level, ()):
            if case.department_id not in recipients:
                recipients[case.department_id] = warning_recipient_ids(department_id=case.department_id)
            if _record_warning(case, level, now=now, recipients=recipients[case.department_id]):
                recorded += 1
    _advance_mark(WARNINGS_SWEEP, mark, now)
    return recorded


def _record_warning(case, level, *, now, recipients):
    """The unique (case, level) row, then the notices, in one savepoint; False if another scan won."""
    try:
        with transaction.atomic():
            WarningRecord.objects.create(case=case, level=level, deadline_at=case.deadline_at, created_at=now)
            message = _message(case, level)
            Notification.objects.bulk_create(
                Notification(
                    user_id=user_id,
                    case=case,
                    level=level,
                    kind=NotificationKind.TIME_LIMIT,
                    message=message,
                    created_at=now,
                )
                for user_id in recipients
            )
    except IntegrityError:
        return False  # another scan recorded this (case, level) first
    return True


def _advance_mark(name, mark, now):
    """Move the watermark forward to `now` (never back: a run with an older `now` leaves it),
    once it is SWEEP_MARK_EVERY behind."""
    if mark is None:
        SweepMark.objects.get_or_create(name=name, defaults={"at": now})
    elif now - mark >= SWEEP_MARK_EVERY:
        SweepMark.objects.filter(name=name, at__lt=now).update(at=now)


def case_urge_and_notify(*, case, note, by):
    """督办: the event on the case and an in-app notice to the department's staff, in one transaction."""
    with transaction.atomic():
        event = case_urge(case=case, note=note, by=by)
        case = event.case
        message = _("督办：办件 %(number)s（%(item)s）请加快办理。督办意见：%(note)s") % {
            "number": case.number,
            "item": case.item.name,
            "note": event.note,
        }
        Notification.objects.bulk_create(
            Notification(
                user_id=user_id, case=case, kind=NotificationKind.URGE, message=message[:300], created_at=event.at
            )
            for user_id in urge_recipient_ids(department_id=case.department_id)
        )
    return event


def notification_mark_read(*, notification, by):
    """Mark one of the user's own notifications read (idempotent)."""
    if notification.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("只能处理发给自己的通知。"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, by):
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())
