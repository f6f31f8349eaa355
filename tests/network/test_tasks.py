"""The overdue reminder fires exactly once: the countdown task and the beat sweep share the marker."""

from datetime import timedelta

import pytest

from approvals.constants import Action
from network import services as ns
from network.models import PaperTransfer
from tests.network.helpers import township_case

pytestmark = pytest.mark.django_db


def test_overdue_once(net):
    case = township_case(net)
    transfer = PaperTransfer.objects.get(case=case)
    before = transfer.due_at - timedelta(minutes=1)
    after = transfer.due_at + timedelta(seconds=5)
    assert ns.transfer_mark_overdue(transfer_id=transfer.pk, now=before) == 0
    assert ns.transfers_sweep(now=before) == 0
    assert ns.transfer_mark_overdue(transfer_id=transfer.pk, now=after) == 1
    assert ns.transfer_mark_overdue(transfer_id=transfer.pk, now=after) == 0
    assert ns.transfers_sweep(now=after + timedelta(hours=1)) == 0
    events = list(case.events.filter(action=Action.TRANSFER_OVERDUE))
    assert len(events) == 1
    assert not events[0].public
    assert "待铜城街道便民服务中心寄出" in events[0].note
    transfer.refresh_from_db()
    assert transfer.overdue_at == after
    assert transfer.level_at(after) == "red"


def test_sweep_finds_what_the_task_missed_and_skips_received(net):
    late = township_case(net)
    done = township_case(net)
    ns.case_send_paper(case=done, by=net.town_desk)
    ns.case_receive_paper(case=done, by=net.county_reviewer)
    due = PaperTransfer.objects.get(case=late).due_at
    assert ns.transfers_sweep(now=due + timedelta(seconds=2)) == 1
    assert not done.events.filter(action=Action.TRANSFER_OVERDUE).exists()
    assert PaperTransfer.objects.get(case=done).level_at(due + timedelta(days=3)) == "none"


def test_the_clock_is_working_days(net, settings):
    from datetime import datetime

    from catalog import clock
    from network.clock import transfer_due

    friday = datetime(2026, 11, 27, 10, 0, tzinfo=clock.SHANGHAI)
    due = transfer_due(friday, days=1)
    assert due.due_at.date().isoformat() == "2026-11-30"  # Monday, not Saturday
    assert due.warn_at.date().isoformat() == "2026-11-30"
