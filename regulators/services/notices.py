"""Yellow and red on 审管互动's deadlines, announced exactly once per (row, level).

Fast path: a task per row enqueued on commit with the countdown to warn_at and to
deadline_at. Backstop: the beat sweep claims due rows with select_for_update(skip_locked).
Both call `announce`, which re-checks under the row lock, so a late, duplicate or raced run
does nothing.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import clock
from hall import clock as hall_clock
from regulators.constants import JointReviewStatus, ThreadKind, ThreadStatus
from regulators.models import Handoff, Invitation, Thread
from regulators.timing import department_staff_ids, supervisor_ids

logger = logging.getLogger("regulators")

# model label -> (model, "not done yet" filter)
WATCHED = {
    "handoff": (Handoff, Q(acknowledged_at__isnull=True)),
    "invitation": (Invitation, Q(answered_at__isnull=True, review__status=JointReviewStatus.OPEN)),
    "thread": (
        Thread,
        ~Q(status=ThreadStatus.CLOSED)
        & (
            Q(kind=ThreadKind.REQUEST_BACK, answered_at__isnull=True)
            | (~Q(kind=ThreadKind.REQUEST_BACK) & Q(acknowledged_at__isnull=True))
        ),
    ),
}


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _text(label, obj, level):
    red = level == clock.LEVEL_RED
    if label == "handoff":
        text = (
            _("审批结果推送 %(number)s（%(item)s）已超过签收期限 %(deadline)s，监管部门%(dept)s尚未签收。")
            if red
            else _("审批结果推送 %(number)s（%(item)s）临近签收期限 %(deadline)s，请%(dept)s及时签收。")
        )
        values = {
            "number": obj.summary.get("case_number", ""),
            "item": obj.summary.get("item_name", ""),
            "dept": obj.regulator.name,
        }
    elif label == "invitation":
        text = (
            _("联合审查 %(number)s 已超过答复期限 %(deadline)s，%(dept)s尚未答复。")
            if red
            else _("联合审查 %(number)s 临近答复期限 %(deadline)s，请%(dept)s及时答复。")
        )
        values = {"number": obj.review.case.number, "dept": obj.department.name}
    else:
        text = (
            _("协同事项“%(subject)s”已超过期限 %(deadline)s，%(dept)s尚未处理。")
            if red
            else _("协同事项“%(subject)s”临近期限 %(deadline)s，请%(dept)s及时处理。")
        )
        values = {"subject": obj.subject[:60], "dept": obj.to_department.name}
    return (text % {**values, "deadline": _when(obj.deadline_at)})[:300]


def _recipients_and_case(label, obj):
    if label == "handoff":
        return obj.regulator_id, obj.case_id
    if label == "invitation":
        return obj.department_id, obj.review.case_id
    return obj.to_department_id, obj.case_id


def announce(*, label, pk, now=None):
    """Record and send the level the row has reached, if not yet announced. Returns the level
    announced ("yellow"/"red") or "" when there was nothing to do (or the row is locked)."""
    from supervision.constants import NotificationKind, WarningLevel
    from supervision.models import Notification

    model, pending = WATCHED[label]
    now = now or hall_clock.now()
    with transaction.atomic():
        obj = model.objects.select_for_update(skip_locked=True, of=("self",)).filter(pending, pk=pk).first()
        if obj is None:
            return ""
        level = clock.level_for(now=now, deadline_at=obj.deadline_at, warn_at=obj.warn_at, clock_running=True)
        if level == clock.LEVEL_RED and obj.red_notified_at is None:
            obj.red_notified_at = now
            if obj.yellow_notified_at is None:  # straight from green to red: only the red notice
                obj.yellow_notified_at = now
        elif level == clock.LEVEL_YELLOW and obj.yellow_notified_at is None:
            obj.yellow_notified_at = now
        else:
            return ""
        obj.save(update_fields=["yellow_notified_at", "red_notified_at"])
        department_id, case_id = _recipients_and_case(label, obj)
        message = _text(label, obj, level)
        users = set(department_staff_ids(department_id)) | set(supervisor_ids())
        Notification.objects.bulk_create(
            Notification(
                user_id=user_id,
                case_id=case_id,
                level=WarningLevel.RED if level == clock.LEVEL_RED else WarningLevel.YELLOW,
                kind=NotificationKind.REGULATORS,
                message=message,
                created_at=now,
            )
            for user_id in sorted(users)
        )
    return level


def due_ids(*, label, now, limit=500):
    model, pending = WATCHED[label]
    due = Q(red_notified_at__isnull=True, deadline_at__lt=now) | Q(yellow_notified_at__isnull=True, warn_at__lte=now)
    return list(model.objects.filter(pending).filter(due).order_by("deadline_at").values_list("pk", flat=True)[:limit])


def sweep_levels(*, now=None):
    """The beat backstop: announce every row that reached a level nobody announced yet."""
    now = now or hall_clock.now()
    announced = 0
    for label in WATCHED:
        for pk in due_ids(label=label, now=now):
            if announce(label=label, pk=pk, now=now):
                announced += 1
    return announced


def enqueue_level_checks(*, label, obj):
    """On commit: one task at warn_at and one just after deadline_at (the sweep is the backstop)."""
    pk, warn_at, deadline_at = obj.pk, obj.warn_at, obj.deadline_at

    def send():
        from regulators import tasks

        now = timezone.now()
        for moment in (warn_at, deadline_at):
            countdown = max(0, (moment - now).total_seconds()) + 1
            try:
                tasks.check_level.apply_async(args=[label, pk], countdown=countdown)
            except Exception:  # the broker is down: the sweep announces it on time anyway
                logger.exception("could not enqueue the level check of %s %s", label, pk)

    transaction.on_commit(send)
