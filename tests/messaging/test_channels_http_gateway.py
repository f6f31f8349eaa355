"""The HTTP SMS-gateway backend against a local fake gateway: sent, refused, timed out, and an
outage (retried with backoff, then recorded as failed; the row stays and can be resent)."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from approvals import services as s
from messaging import services
from messaging.constants import Channel, Status
from messaging.models import Message
from tests.factories import applicant_data, receive_all_materials
from tests.messaging.helpers import deliver_and_send

pytestmark = pytest.mark.django_db

PHONE = "13700001234"


def _accepted(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(phone=PHONE), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    return s.case_acknowledge(case=case, by=cast.reviewer)


def test_gateway_receives_signature_template_id_and_params(item, cast, gateway):
    case = _accepted(item, cast)
    assert deliver_and_send() == [services.SENT]
    [body] = gateway.accepted
    assert body["phone"] == PHONE and body["sign_name"] == "示范县政务服务中心"
    assert body["template_id"] == "HALL_ACCEPTED"
    assert body["params"]["case_number"] == case.number and body["params"]["query_code"] == case.query_code
    assert body["params"]["deadline"] == timezone.localtime(case.deadline_at).strftime("%Y年%m月%d日")
    assert body["content"].startswith("【示范县政务服务中心】您申请的")
    message = Message.objects.get(case=case, channel=Channel.SMS)
    assert (message.status, message.attempts, message.gateway_message_id) == (Status.SENT, 1, "gw-1")
    assert body["out_id"] == str(message.pk)


def test_outage_is_retried_with_backoff_then_recorded_failed_and_nothing_is_lost(item, cast, gateway, caplog):
    caplog.set_level(logging.INFO)
    gateway.mode = "down"
    case = _accepted(item, cast)
    # first attempt and two retries (HALL_SMS_MAX_RETRIES = 2)
    assert deliver_and_send() == [services.RETRY]
    message = Message.objects.get(case=case, channel=Channel.SMS)
    assert (message.status, message.attempts) == (Status.PENDING, 1)
    assert "HTTP 503" in message.last_error
    first_wait = message.next_attempt_at - timezone.now()
    assert services.message_send(message_id=message.pk) == services.RETRY
    message.refresh_from_db()
    second_wait = message.next_attempt_at - timezone.now()
    assert second_wait > first_wait + timedelta(seconds=20)  # 30 s, then 60 s: exponential
    assert services.message_send(message_id=message.pk) == services.FAILED
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 3)
    assert "短信网关暂时不可用：HTTP 503" in message.last_error
    assert len(gateway.received) == 3 and gateway.accepted == []
    assert services.message_send(message_id=message.pk) == services.NOTHING  # failed stays failed
    assert len(gateway.received) == 3
    assert PHONE not in caplog.text and "137****1234" in caplog.text

    # the gateway is back; the hall admin resends: one SMS, recorded sent
    gateway.mode = "ok"
    assert services.message_resend(message=message) is True
    assert services.message_send(message_id=message.pk) == services.SENT
    message.refresh_from_db()
    assert message.status == Status.SENT and len(gateway.accepted) == 1
    assert "HTTP 503" in message.last_error  # the failure stays on record


def test_a_refusal_is_not_retried_and_the_phone_stays_out_of_the_error(item, cast, gateway):
    gateway.mode = "refuse"
    case = _accepted(item, cast)
    assert deliver_and_send() == [services.FAILED]
    message = Message.objects.get(case=case, channel=Channel.SMS)
    assert message.status == Status.FAILED and message.attempts == 1
    assert "HTTP 400 BAD_PHONE" in message.last_error and PHONE not in message.last_error


def test_a_gateway_that_hangs_times_out_and_is_retried(item, cast, gateway):
    gateway.mode, gateway.delay = "hang", 3
    case = _accepted(item, cast)
    assert deliver_and_send() == [services.RETRY]
    message = Message.objects.get(case=case, channel=Channel.SMS)
    assert "短信网关超时" in message.last_error


def test_wrong_key_is_a_permanent_failure(item, cast, gateway, settings):
    settings.HALL_SMS_GATEWAY_KEY = "wrong"
    _accepted(item, cast)
    assert deliver_and_send() == [services.FAILED]
    assert "HTTP 401" in Message.objects.get().last_error


def test_sweep_picks_up_a_message_whose_task_was_lost(item, cast, gateway, django_capture_on_commit_callbacks):
    case = _accepted(item, cast)
    from approvals.services.publishing import deliver_all_pending

    deliver_all_pending()  # the on-commit enqueue never runs in this test: the task is "lost"
    message = Message.objects.get(case=case, channel=Channel.SMS)
    assert services.messages_sweep(now=timezone.now()) == 0  # still within the grace period
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.messages_sweep(now=timezone.now() + timedelta(minutes=5)) == 1
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Status.PENDING
