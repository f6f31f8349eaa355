"""Yellow and red of unacknowledged handoffs (and late opinions), announced exactly once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from catalog import clock
from regulators.models import Handoff
from regulators.selectors import board_rows
from regulators.services import handoffs as handoff_services
from regulators.services import notices
from supervision.models import Notification

pytestmark = pytest.mark.django_db

FRIDAY_10 = timezone.make_aware(timezone.datetime(2026, 11, 27, 10, 0), clock.SHANGHAI)


@pytest.fixture
def handoff(decided):
    with time_machine.travel(FRIDAY_10, tick=False):
        case = decided("granted")
    return Handoff.objects.get(case=case)


def test_yellow_then_red_each_once_to_regulator_staff_and_supervisors(handoff, reg_cast, supervisor, cast):
    people = {reg_cast.reviewer.pk, reg_cast.chief.pk, supervisor.pk}
    before = handoff.warn_at - timedelta(minutes=1)
    with time_machine.travel(before, tick=False):
        assert notices.sweep_levels() == 0
    with time_machine.travel(handoff.warn_at + timedelta(minutes=1), tick=False):
        assert notices.sweep_levels() == 1
        assert notices.sweep_levels() == 0
        assert notices.announce(label="handoff", pk=handoff.pk) == ""  # the due-time task, late
    yellow = Notification.objects.filter(kind="regulators", level="yellow")
    assert set(yellow.values_list("user_id", flat=True)) == people
    assert "临近签收期限" in yellow.first().message
    assert not Notification.objects.filter(user=cast.chief).exists()
    # Saturday and Sunday are not working days: red only after the close of Monday.
    with time_machine.travel(FRIDAY_10 + timedelta(days=2), tick=False):
        assert notices.sweep_levels() == 0
    with time_machine.travel(handoff.deadline_at + timedelta(seconds=1), tick=False):
        assert notices.announce(label="handoff", pk=handoff.pk) == "red"
        assert notices.sweep_levels() == 0
    red = Notification.objects.filter(kind="regulators", level="red")
    assert red.count() == 3 and "已超过签收期限" in red.first().message
    rows = board_rows(now=handoff.deadline_at + timedelta(seconds=1))
    assert rows[0]["department"].code == "scjg" and rows[0]["overdue"] == 1


def test_straight_to_red_gets_only_the_red_notice(handoff, supervisor):
    with time_machine.travel(handoff.deadline_at + timedelta(days=3), tick=False):
        assert notices.sweep_levels() == 1
    assert list(Notification.objects.values_list("level", flat=True)) == ["red"]


def test_acknowledged_in_time_no_notice(handoff, reg_cast, supervisor):
    with time_machine.travel(FRIDAY_10 + timedelta(hours=1), tick=False):
        handoff_services.handoff_acknowledge(handoff=handoff, by=reg_cast.reviewer)
    with time_machine.travel(handoff.deadline_at + timedelta(days=1), tick=False):
        assert notices.sweep_levels() == 0
        assert notices.announce(label="handoff", pk=handoff.pk) == ""
        assert handoff.__class__.objects.get(pk=handoff.pk).level(timezone.now()) == "none"
    assert not Notification.objects.exists()
