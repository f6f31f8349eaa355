"""Reminders with a real Celery worker and beat (never eager mode): the worker delivers the
acceptance event (the commitments open with their reminders), and the beat sweep sends a
reminder that falls due exactly once, as a timeline event that messaging turns into an SMS."""

import time

import pytest
from django.utils import timezone

from approvals.constants import Action
from approvals.models import CaseEvent
from commitments.models import Commitment, Reminder
from messaging.models import Message
from tests.commitments.helpers import promised_case, sign_at_window, trust_item
from tests.factories import make_department

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_beat_sends_a_due_reminder_exactly_once(celery_worker_factory):
    from approvals import services as s

    worker = celery_worker_factory(beat=True, HALL_COMMITMENT_SWEEP_SECONDS=1, HALL_EVENTS_SWEEP_SECONDS=1)
    item = trust_item(department=make_department(code="wsjk", name="卫生健康委"))
    case, cast = promised_case(item=item, promise=1)
    sign_at_window(case, cast)
    s.case_accept_on_the_spot(case=case, by=cast.special)  # commits: the worker delivers the event
    assert _wait(lambda: Reminder.objects.filter(commitment__case=case).count() == 3, 40), worker.log()
    commitment = Commitment.objects.get(case=case)
    # The 15-day reminder falls due in two seconds (as if two months had passed).
    Reminder.objects.filter(commitment=commitment, lead_days=15).update(send_at=timezone.now())
    reminded = CaseEvent.objects.filter(case=case, action=Action.COMMITMENT_REMIND)
    assert _wait(lambda: reminded.exists(), 30), worker.log()
    time.sleep(3)  # several more sweeps change nothing
    assert reminded.count() == 1
    assert Reminder.objects.get(commitment=commitment, lead_days=15).sent_at is not None
    assert Reminder.objects.filter(commitment=commitment, sent_at__isnull=True).count() == 2
    assert _wait(lambda: Message.objects.filter(event=reminded.get(), channel="sms").exists(), 30), worker.log()
    assert Message.objects.filter(event=reminded.get(), channel="sms").count() == 1
