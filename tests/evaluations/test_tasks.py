"""The beat backstop and the fast-path task are registered under the names settings use."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings

from evaluations import tasks
from evaluations.models import TicketNotice
from tests.evaluations.test_tickets import bad_rating

pytestmark = pytest.mark.django_db


def test_beat_sweeps_ticket_notices_by_task_name():
    entry = settings.CELERY_BEAT_SCHEDULE["evaluations-sweep-ticket-notices"]
    assert entry["task"] == tasks.sweep_ticket_notices.name
    assert tasks.raise_ticket_notice.name == "evaluations.raise_ticket_notice"


def test_the_tasks_call_the_services():
    _case, ticket = bad_rating()
    with time_machine.travel(ticket.deadline_at + timedelta(days=1), tick=False):
        assert tasks.sweep_ticket_notices.run() == 2  # a worker that was down: yellow and red at once
        assert tasks.raise_ticket_notice.run(ticket.pk, "red") is False
    assert TicketNotice.objects.filter(ticket=ticket).count() == 2
