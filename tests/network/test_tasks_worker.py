"""With a real Celery worker and beat (never eager mode): the worker delivers the dispatch event
(the paper leg opens), and the beat sweep fires the overdue reminder of a transfer exactly once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from approvals import services as s
from approvals.constants import Action
from approvals.models import CaseEvent
from network.models import PaperTransfer
from tests.factories import applicant_data
from tests.network.helpers import build_network

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_worker_opens_the_leg_and_beat_reminds_once(celery_worker_factory):
    worker = celery_worker_factory(beat=True, HALL_TRANSFER_SWEEP_SECONDS=1, HALL_EVENTS_SWEEP_SECONDS=1)
    net = build_network()
    case = s.case_create(item=net.item, channel="window", applicant=applicant_data(), by=net.town_desk)
    s.case_receive_all_paper(case=case, by=net.town_desk)
    s.case_dispatch(case=case, by=net.town_desk)  # commits: the worker delivers the event
    legs = PaperTransfer.objects.filter(case=case)
    assert _wait(legs.exists, 40), worker.log()
    legs.update(due_at=timezone.now() - timedelta(seconds=1))  # as if a working day had passed
    reminded = CaseEvent.objects.filter(case=case, action=Action.TRANSFER_OVERDUE)
    assert _wait(reminded.exists, 30), worker.log()
    time.sleep(3)  # several more sweeps change nothing
    assert reminded.count() == 1
    assert legs.get().overdue_at is not None


def test_opening_enqueues_the_countdown_on_commit(net, django_capture_on_commit_callbacks, monkeypatch, settings):
    from network import services as ns
    from network import tasks

    settings.HALL_TRANSFER_COUNTDOWN_MAX_SECONDS = 10 * 86400

    sent = []
    monkeypatch.setattr(tasks.mark_overdue, "apply_async", lambda args, countdown: sent.append((args, countdown)))
    case = s.case_create(item=net.item, channel="window", applicant=applicant_data(), by=net.town_desk)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = ns.transfer_open(
            case=case, kind="paper", from_hall_id=net.town.pk, to_hall_id=net.county.pk, at=timezone.now()
        )
    assert sent and sent[0][0] == [transfer.pk] and 0 < sent[0][1] <= 10 * 86400
