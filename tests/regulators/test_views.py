"""The regulator inbox and handoff page: scoped to the regulating department; 签收 works once."""

import pytest
from django.urls import reverse

from approvals.services.publishing import deliver_all_pending
from regulators.models import Handoff
from tests.factories import Cast, make_case

pytestmark = pytest.mark.django_db


def test_the_regulator_sees_the_handoff_in_its_inbox_and_acknowledges(client, decided, reg_cast):
    case = decided("granted")
    handoff = Handoff.objects.get(case=case)
    client.force_login(reg_cast.reviewer)
    page = client.get(reverse("regulators:inbox"))
    assert page.status_code == 200
    body = page.content.decode()
    assert case.number in body and "待签收的审批结果" in body
    detail = client.get(reverse("regulators:handoff", args=[handoff.pk]))
    assert detail.status_code == 200
    assert "申请材料1" in detail.content.decode() and "作出决定" in detail.content.decode()
    done = client.post(reverse("regulators:handoff", args=[handoff.pk]), {"note": "已纳入日常监管"})
    assert done.status_code == 302
    handoff.refresh_from_db()
    assert handoff.acknowledged_by == reg_cast.reviewer and handoff.acknowledged_via == "inbox"
    assert handoff.ack_note == "已纳入日常监管"
    event = case.events.get(action="handoff-ack")
    assert event.actor == reg_cast.reviewer and "市场监督管理局已签收审批结果推送" in event.note and not event.public
    first = handoff.acknowledged_at
    client.post(reverse("regulators:handoff", args=[handoff.pk]), {"note": ""})
    handoff.refresh_from_db()
    assert handoff.acknowledged_at == first  # once
    assert case.events.filter(action="handoff-ack").count() == 1


def test_other_department_gets_404_and_anonymous_goes_to_login(client, decided, other_dept, cast):
    case = decided("granted")
    handoff = Handoff.objects.get(case=case)
    url = reverse("regulators:handoff", args=[handoff.pk])
    assert client.get(url).status_code == 302 and "login" in client.get(url)["Location"]
    client.force_login(Cast(other_dept).reviewer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": ""}).status_code == 404
    assert case.number not in client.get(reverse("regulators:inbox")).content.decode()
    # The approving department's own staff do not see the regulator's inbox either.
    client.force_login(cast.chief)
    assert client.get(url).status_code == 404


def test_a_too_long_note_is_a_clear_error(client, decided, reg_cast):
    handoff = Handoff.objects.get(case=decided("granted"))
    client.force_login(reg_cast.reviewer)
    response = client.post(reverse("regulators:handoff", args=[handoff.pk]), {"note": "长" * 301})
    assert response.status_code == 400
    handoff.refresh_from_db()
    assert handoff.acknowledged_at is None


def test_supervisor_sees_the_board(client, decided, supervisor, reg_cast):
    decided("granted")
    client.force_login(supervisor)
    page = client.get(reverse("regulators:board"))
    assert page.status_code == 200
    assert "市场监督管理局" in page.content.decode()
    client.force_login(reg_cast.reviewer)
    assert client.get(reverse("regulators:board")).status_code == 403
    client.logout()
    assert client.get(reverse("regulators:board")).status_code == 302


def test_the_regulator_downloads_the_materials_of_the_handoff(client, item, cast, reg_cast, other_dept):
    case = make_case(state="granted", item=item, cast=cast, channel="online")
    deliver_all_pending()
    handoff = Handoff.objects.get(case=case)
    requirement_id = handoff.summary["materials"][0]["requirement_id"]
    url = reverse("regulators:handoff-material", args=[handoff.pk, requirement_id])
    client.force_login(reg_cast.reviewer)
    assert "下载" in client.get(reverse("regulators:handoff", args=[handoff.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("regulators:handoff-material", args=[handoff.pk, 999999])).status_code == 404
    client.force_login(Cast(other_dept).reviewer)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
