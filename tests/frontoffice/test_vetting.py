"""窗口无权否决: a window's refusal (and a third one-time notice) waits for the chief's confirmation."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from approvals.actions import Held
from approvals.actions import get as action
from audit.models import AuditEntry
from frontoffice.models import Confirmation
from frontoffice.services import vetting
from hall.constants import Role
from tests.factories import make_case, make_staff, receive_all_materials

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_veto(settings):
    settings.HALL_WINDOW_NO_VETO = True
    settings.HALL_CONFIRMATION_MINUTES = 120
    return settings


def case_url(case):
    return reverse("approvals:case", kwargs={"number": case.number})


def refuse_url(case):
    return reverse("approvals:case-action", kwargs={"number": case.number, "action": "refuse"})


def refusal_notice(case):
    return reverse("approvals:notice-refusal", kwargs={"number": case.number})


def test_without_the_rule_the_window_refuses_at_once(settings, cast, item):
    settings.HALL_WINDOW_NO_VETO = False
    case = make_case(item=item, cast=cast)
    result = action("refuse").run(case=case, by=cast.desk, data={"reason": "不属于本部门职责"})
    assert not isinstance(result, Held)
    case.refresh_from_db()
    assert case.state == "not_accepted" and not Confirmation.objects.exists()


def test_a_window_refusal_waits_for_the_chief_and_only_then_prints(client, no_veto, cast, item):
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    response = client.post(
        refuse_url(case), {"refuse-reason": "申请事项不属于本机关职权范围", "refuse-confirmed": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "received"  # nothing reaches the applicant yet
    request = Confirmation.objects.get(case=case)
    assert request.status == "pending" and request.requested_by == cast.desk
    assert request.warn_at < request.due_at and request.due_at > request.requested_at
    page = client.get(case_url(case)).content.decode()
    assert "等待市场监管局首席代表确认" in page
    assert client.get(refusal_notice(case)).status_code == 404
    # another refusal while one waits is refused with a clear message
    again = client.post(refuse_url(case), {"refuse-reason": "再次", "refuse-confirmed": "on"})
    assert again.status_code == 400 and "待首席代表确认" in again.content.decode()

    client.force_login(cast.chief)
    assert "申请事项不属于本机关职权范围" in client.get(reverse("frontoffice:confirmations")).content.decode()
    assert "待我确认" in client.get(reverse("approvals:inbox")).content.decode()
    response = client.post(reverse("frontoffice:confirm", args=[request.pk]), {"note": "同意"})
    assert response.status_code == 302
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.state == "not_accepted" and case.refusal_reason == "申请事项不属于本机关职权范围"
    assert request.status == "confirmed" and request.decided_by == cast.chief
    refuse_event = case.events.get(action="refuse")
    assert refuse_event.actor == cast.desk  # the window's notice, confirmed
    client.force_login(cast.desk)
    assert client.get(refusal_notice(case)).status_code == 200
    assert AuditEntry.objects.filter(kind="confirmation-confirmed", target=case.number).count() == 1


def test_the_chief_may_send_it_back_and_the_applicant_hears_nothing(client, no_veto, cast, item):
    case = make_case(item=item, cast=cast)
    held = action("refuse").run(case=case, by=cast.desk, data={"reason": "材料不符"})
    assert isinstance(held, Held)
    request = Confirmation.objects.get(case=case)
    client.force_login(cast.chief)
    response = client.post(reverse("frontoffice:reject", args=[request.pk]), {"note": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "pending"  # a rejection needs the chief's opinion
    client.post(reverse("frontoffice:reject", args=[request.pk]), {"note": "材料可当场补正，请出具一次性告知"})
    request.refresh_from_db()
    case.refresh_from_db()
    assert request.status == "rejected" and case.state == "received"
    assert not case.events.filter(action="refuse").exists()


def test_only_the_department_chief_or_a_supervisor_confirms(client, no_veto, cast, item, other_dept):
    case = make_case(item=item, cast=cast)
    action("refuse").run(case=case, by=cast.desk, data={"reason": "不属于职权范围"})
    request = Confirmation.objects.get()
    other_chief = make_staff(role=Role.CHIEF, department=other_dept)
    with pytest.raises(PermissionDenied):
        vetting.confirmation_confirm(confirmation=request, by=cast.reviewer)
    for user in (other_chief, cast.reviewer):
        client.force_login(user)
        assert client.post(reverse("frontoffice:confirm", args=[request.pk])).status_code in (403, 404)
    client.force_login(other_chief)
    assert "不属于职权范围" not in client.get(reverse("frontoffice:confirmations")).content.decode()
    client.force_login(cast.desk)
    assert client.get(reverse("frontoffice:confirmations")).status_code == 403
    client.logout()
    assert client.post(reverse("frontoffice:confirm", args=[request.pk])).status_code == 302  # to login
    supervisor = make_staff(role=Role.SUPERVISOR)
    vetting.confirmation_confirm(confirmation=request, by=supervisor)
    case.refresh_from_db()
    assert case.state == "not_accepted"


def test_a_third_one_time_notice_needs_confirmation(no_veto, cast, item):
    case = make_case(item=item, cast=cast)
    missing = list(case.materials.filter(required=True).values_list("requirement_id", flat=True))
    notice = action("request-supplement")
    supplement = action("supplement")
    for _round in range(2):  # the first two go out at once
        assert not isinstance(notice.run(case=case, by=cast.desk, data={"materials": missing, "note": ""}), Held)
        receive_all_materials(case, by=cast.desk)
        supplement.run(case=case, by=cast.desk, data={"note": ""})
        case.refresh_from_db()
    held = notice.run(case=case, by=cast.desk, data={"materials": missing[:1], "note": "仍不符合"})
    assert isinstance(held, Held)
    case.refresh_from_db()
    assert case.state == "received" and case.notice_rounds == 2
    request = Confirmation.objects.get(case=case)
    assert request.action == "request-supplement" and "第3次" in request.summary
    vetting.confirmation_confirm(confirmation=request, by=cast.chief)
    case.refresh_from_db()
    assert case.state == "supplement_requested" and case.notice_rounds == 3


def test_an_overdue_request_is_escalated_exactly_once(no_veto, cast, item):
    case = make_case(item=item, cast=cast)
    action("refuse").run(case=case, by=cast.desk, data={"reason": "不属于职权范围"})
    request = Confirmation.objects.get()
    assert vetting.confirmation_escalate(confirmation_id=request.pk) is False  # not due yet
    assert vetting.sweep_due() == 0
    with time_machine.travel(request.due_at + timedelta(minutes=1)):
        request.refresh_from_db()
        assert request.level_at(request.due_at + timedelta(minutes=1)) == "red"
        assert vetting.sweep_due() == 1
        assert vetting.confirmation_escalate(confirmation_id=request.pk) is False  # the countdown task, late
        assert vetting.sweep_due() == 0
    request.refresh_from_db()
    assert request.escalated_at is not None
    assert AuditEntry.objects.filter(kind="confirmation-overdue", target=case.number).count() == 1
    assert request.level_at(request.warn_at) == "yellow"
    assert request.level_at(request.requested_at) == "green"


def test_the_api_answers_202_while_the_refusal_waits(no_veto, cast, item, other_dept):
    case = make_case(item=item, cast=cast)
    api = APIClient()
    api.force_authenticate(cast.desk)
    response = api.post(f"/api/v1/cases/{case.number}/refuse/", {"reason": "不属于职权范围"}, format="json")
    assert response.status_code == 202
    assert response.json()["held"] is True and response.json()["state"] == "received"
    outsider = make_staff(role=Role.FRONT_DESK, department=other_dept, window="specialised")
    api.force_authenticate(outsider)
    assert api.post(f"/api/v1/cases/{case.number}/refuse/", {"reason": "x"}, format="json").status_code == 404
