"""With a real Celery worker and beat (never eager mode): a decided case reaches the regulator
through the case-event delivery task, and an unacknowledged handoff is announced yellow and
red exactly once, by the due-time tasks and the 1-second beat sweep racing each other."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from hall.constants import Role
from regulators.models import Handoff
from regulators.services.notices import enqueue_level_checks
from supervision.models import Notification
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_handoff_by_the_worker_then_yellow_and_red_exactly_once(celery_worker_factory):
    worker = celery_worker_factory(beat=True, REGULATORS_SWEEP_SECONDS=1)
    dept = make_department(code="xzsp", name="行政审批服务局")
    regulator = make_department(code="scjg", name="市场监督管理局")
    item = make_item(department=dept, name="食品经营许可")
    item.regulators.add(regulator)
    regulator_staff = Cast(regulator).reviewer
    supervisor = make_staff(role=Role.SUPERVISOR)
    case = make_case(state="granted", item=item, cast=Cast(dept))
    assert _wait(lambda: Handoff.objects.filter(case=case).exists(), 40), worker.log()

    # Shorten this handoff's limit to seconds (a working day is too long for a test).
    now = timezone.now()
    with transaction.atomic():
        handoff = Handoff.objects.select_for_update().get(case=case)
        handoff.warn_at, handoff.deadline_at = now + timedelta(seconds=2), now + timedelta(seconds=4)
        handoff.save(update_fields=["warn_at", "deadline_at"])
        enqueue_level_checks(label="handoff", obj=handoff)

    def levels():
        return sorted(
            Notification.objects.filter(kind="regulators", user=regulator_staff).values_list("level", flat=True)
        )

    assert _wait(lambda: levels() == ["red", "yellow"] or levels() == ["red"], 40), (levels(), worker.log())
    time.sleep(3)  # more sweeps and the late due-time tasks change nothing
    assert levels() in (["red", "yellow"], ["red"])
    assert Notification.objects.filter(kind="regulators", user=supervisor, level="red").count() == 1
    handoff.refresh_from_db()
    assert handoff.red_notified_at is not None
