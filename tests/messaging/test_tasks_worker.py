"""With a real Celery worker (and beat sweeping every second): a window case's acceptance makes
exactly one SMS line; a gateway outage is retried with backoff, recorded failed, then resent."""

import time

import pytest

from approvals import services as s
from messaging.constants import Channel, Status
from messaging.models import Message
from tests.factories import Cast, applicant_data, make_department, make_item, receive_all_materials
from tests.messaging.fake_gateway import FakeGateway
from tests.messaging.helpers import sms_lines

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FAST_SWEEPS = {
    "HALL_EVENTS_SWEEP_SECONDS": 1,
    "HALL_EVENTS_SWEEP_GRACE_SECONDS": 0,
    "HALL_MESSAGES_SWEEP_SECONDS": 1,
    "HALL_MESSAGES_SWEEP_GRACE_SECONDS": 0,
}


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _accepted_window_case(phone):
    dept = make_department(code="scjg")
    item = make_item(department=dept, name="食品经营许可", promised_limit_days=5)
    cast = Cast(dept)
    case = s.case_create(item=item, channel="window", applicant=applicant_data(phone=phone), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    return s.case_acknowledge(case=case, by=cast.reviewer)


def test_window_acceptance_makes_exactly_one_sms_line(celery_worker_factory, tmp_path):
    log = tmp_path / "sms.log"
    worker = celery_worker_factory(beat=True, HALL_SMS_BACKEND="file", HALL_SMS_FILE_PATH=log, **FAST_SWEEPS)
    case = _accepted_window_case("13912345678")
    assert _wait(lambda: sms_lines(log), 60), worker.log()
    time.sleep(4)  # several sweeps of events and messages later: still one
    lines = sms_lines(log)
    assert len(lines) == 1, lines
    assert case.number in lines[0] and "已受理" in lines[0] and "139****5678" in lines[0]
    assert "13912345678" not in log.read_text() and "13912345678" not in worker.log()
    message = Message.objects.get(case=case)
    assert (message.channel, message.status, message.attempts) == (Channel.SMS, Status.SENT, 1)


def test_gateway_outage_with_a_real_worker_retries_then_fails_then_resend_sends(celery_worker_factory):
    with FakeGateway() as gateway:
        gateway.mode = "down"
        worker = celery_worker_factory(
            HALL_SMS_BACKEND="http",
            HALL_SMS_GATEWAY_URL=gateway.url,
            HALL_SMS_GATEWAY_KEY=gateway.key,
            HALL_SMS_MAX_RETRIES=3,
            HALL_SMS_RETRY_BACKOFF_SECONDS=0.5,
        )
        case = _accepted_window_case("13712345678")
        failed = lambda: Message.objects.filter(case=case, status=Status.FAILED).exists()  # noqa: E731
        started = time.monotonic()
        assert _wait(failed, 90), worker.log()
        elapsed = time.monotonic() - started
        message = Message.objects.get(case=case)
        assert message.attempts == 4 and len(gateway.received) == 4  # first try + 3 retries
        assert "HTTP 503" in message.last_error
        assert elapsed >= 0.5 + 1 + 2  # waited with exponential backoff between tries
        assert "13712345678" not in worker.log()

        gateway.mode = "ok"
        from messaging import services

        assert services.message_resend(message=message)
        assert _wait(lambda: Message.objects.filter(pk=message.pk, status=Status.SENT).exists(), 60), worker.log()
        assert len(gateway.accepted) == 1 and gateway.accepted[0]["phone"] == "13712345678"
