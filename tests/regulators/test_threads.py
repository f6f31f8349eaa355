"""监管协同 (requests back), 变更告知 and 业务会商: threads with a deadline, both sides see them."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regulators.models import Thread
from regulators.services import notices
from regulators.services.threads import thread_acknowledge, thread_close, thread_open, thread_reply
from supervision.models import Notification
from tests.factories import Cast

pytestmark = pytest.mark.django_db


def test_a_request_back_is_answered_with_materials_and_both_sides_see_it(
    client, decided, dept, reg_cast, cast, other_dept
):
    case = decided("granted")
    client.force_login(reg_cast.reviewer)
    response = client.post(
        reverse("regulators:thread-new"),
        {
            "kind": "request_back",
            "to_department": dept.pk,
            "topic": "revocation",
            "case_number": case.number,
            "subject": "现场检查发现经营场所与许可不符",
            "body": "建议撤销该食品经营许可，检查笔录见附件。",
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.licensee == case.applicant_name and thread.item_id == case.item_id
    url = reverse("regulators:thread", args=[thread.pk])
    client.force_login(cast.chief)
    page = client.get(url)
    assert page.status_code == 200 and "建议撤销" in page.content.decode()
    client.post(url, {"op": "reply", "body": "已立案调查，拟依法撤销。"})
    thread.refresh_from_db()
    assert thread.status == "answered" and thread.answered_at and thread.acknowledged_at
    client.force_login(Cast(other_dept).reviewer)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_change_notice_must_be_acknowledged_in_time(dept, regulator, item, cast, reg_cast, supervisor):
    chief = reg_cast.chief
    thread = thread_open(
        kind="change_notice",
        to_department=regulator,
        subject="《食品经营许可和备案管理办法》修订",
        body="自下月起按新办法审批",
        item=item,
        by=cast.reviewer,
    )
    assert thread.item == item
    with time_machine.travel(thread.deadline_at + timedelta(seconds=1), tick=False):
        assert notices.sweep_levels() == 1
        assert notices.sweep_levels() == 0
    assert Notification.objects.filter(user=chief, level="red").exists()
    with pytest.raises(PermissionDenied):
        thread_acknowledge(thread=thread, by=cast.reviewer)
    thread_acknowledge(thread=thread, by=reg_cast.reviewer)
    thread.refresh_from_db()
    assert thread.acknowledged_by == reg_cast.reviewer
    thread_close(thread=thread, by=cast.reviewer)
    with pytest.raises(ValidationError, match="办结"):
        thread_reply(thread=thread, body="再说一句", by=reg_cast.reviewer)


def test_bad_input_is_a_clear_error(dept, cast):
    with pytest.raises(ValidationError) as errors:
        thread_open(kind="request_back", to_department=dept, subject="", body="", by=cast.reviewer)
    assert {"to_department", "subject", "body", "topic"} <= set(errors.value.message_dict)
