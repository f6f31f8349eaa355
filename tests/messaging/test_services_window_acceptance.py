"""An applicant who applies at a window receives the acceptance SMS with the deadline, through
the real services and the case-event delivery (file SMS backend)."""

import logging

import pytest
from django.utils import timezone

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from messaging.constants import Channel, Kind, Status
from messaging.models import Message
from tests.factories import applicant_data, receive_all_materials
from tests.messaging.helpers import deliver_and_send, sms_lines

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def _window_case(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(phone=PHONE), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    return s.case_dispatch(case=case, by=cast.desk)


def test_window_applicant_gets_the_acceptance_sms_with_deadline_and_query_code(item, cast, sms_log, caplog):
    caplog.set_level(logging.INFO)
    case = _window_case(item, cast)
    deliver_and_send()
    assert sms_lines(sms_log) == []  # received and dispatched: nothing to tell yet

    case = s.case_acknowledge(case=case, by=cast.reviewer)
    deliver_and_send()

    lines = sms_lines(sms_log)
    assert len(lines) == 1
    deadline = timezone.localtime(case.deadline_at).strftime("%Y年%m月%d日")
    line = lines[0]
    assert "【示范县政务服务中心】您申请的食品经营许可已受理" in line
    assert case.number in line and deadline in line and case.query_code in line
    assert PHONE not in line and "139****5678" in line  # masked in the file log too
    message = Message.objects.get(case=case, channel=Channel.SMS)
    assert (message.kind, message.status, message.attempts) == (Kind.ACCEPTED, Status.SENT, 1)
    assert message.phone == PHONE and message.sent_at is not None
    # a window applicant has no portal account and no e-mail: SMS only
    assert list(Message.objects.filter(case=case).values_list("channel", flat=True)) == [Channel.SMS]
    assert PHONE not in caplog.text


def test_deemed_acceptance_and_accept_on_the_spot_also_tell_the_applicant(item, instant_item, cast, sms_log, settings):
    settings.HALL_AUTO_ACCEPT_SECONDS = 0
    case = _window_case(item, cast)
    s.case_deem_accepted(case_id=case.pk, now=timezone.now())
    instant = s.case_create(item=instant_item, channel="window", applicant=applicant_data(), by=cast.special)
    receive_all_materials(instant, by=cast.special)
    s.case_accept_on_the_spot(case=instant, by=cast.special)
    deliver_and_send()
    assert set(Message.objects.values_list("case__number", "kind")) == {
        (case.number, Kind.ACCEPTED),
        (instant.number, Kind.ACCEPTED),
    }
    assert len(sms_lines(sms_log)) == 2


def test_redelivery_makes_no_second_message(item, cast, sms_log):
    case = s.case_acknowledge(case=_window_case(item, cast), by=cast.reviewer)
    deliver_and_send()
    # the subscriber is called again for the same event (a retried delivery): still one row
    from approvals.events import CaseMessage
    from messaging import services

    event = case.events.get(action="acknowledge")
    assert services.messages_for_event(message=CaseMessage.from_event(event, case=case)) == []
    deliver_all_pending()
    assert Message.objects.filter(case=case).count() == 1
    assert len(sms_lines(sms_log)) == 1


def test_unique_per_event_and_channel(item, cast, sms_log):
    from django.db import IntegrityError, transaction

    case = s.case_acknowledge(case=_window_case(item, cast), by=cast.reviewer)
    deliver_and_send()
    first = Message.objects.get(case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(event=first.event, case=case, channel=Channel.SMS, kind=first.kind, title="x", body="x")
