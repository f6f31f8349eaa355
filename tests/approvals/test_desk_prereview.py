"""网上预审: return an online application for correction (reasons per material) without taking
it in; the queue shows each application's age and flags those waiting over a working day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from approvals import services as s
from approvals.constants import Action
from approvals.models import CaseEvent
from approvals.workbench.queries import waiting_age
from tests.approvals.api_helpers import act
from tests.factories import make_applicant_user, make_case, make_staff, pdf_upload

pytestmark = pytest.mark.django_db


def reasons_for(case, text="照片不清晰"):
    first = case.materials.order_by("position").first()
    return first, {str(first.requirement_id): text}


def test_api_returns_a_submitted_application_with_reasons_per_material(cast, item):
    owner = make_applicant_user()
    case = make_case(state="submitted", item=item, cast=cast, applicant=owner)
    first, reasons = reasons_for(case)
    response = act(cast.desk, case, "return-online", {"materials": [first.requirement_id], "reasons": reasons})
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    first.refresh_from_db()
    assert case.state == "supplement_requested" and case.received_by_id is None and case.notice_rounds == 1
    assert first.status == "missing" and first.notice_note == "照片不清晰"
    event = CaseEvent.objects.get(case=case, action=Action.RETURN_ONLINE)
    assert event.from_state == "submitted" and event.payload["reasons"] == reasons

    # The applicant uploads again and supplements: back to the online queue, not taken in.
    s.case_record_material(case=case, requirement_id=first.requirement_id, file=pdf_upload(), by=owner)
    case = s.case_supplement(case=case, by=owner)
    assert case.state == "submitted"
    assert s.case_take_in(case=case, by=cast.desk).state == "received"


def test_each_material_needs_its_reason_and_only_the_front_desk_may_return(cast, item, other_dept):
    case = make_case(state="submitted", item=item, cast=cast)
    first, _ = reasons_for(case)
    response = act(cast.desk, case, "return-online", {"materials": [first.requirement_id]})
    assert response.status_code == 400 and "请逐项说明需补正的原因" in response.content.decode()
    response = act(cast.desk, case, "return-online", {"materials": []})
    assert response.status_code == 400
    response = act(cast.desk, case, "return-online", {"materials": [first.requirement_id], "reasons": ["x"]})
    assert response.status_code == 400
    assert act(cast.reviewer, case, "return-online", {"materials": [first.requirement_id]}).status_code == 403
    outsider = make_staff(role="reviewer", department=other_dept)
    assert act(outsider, case, "return-online", {"materials": [first.requirement_id]}).status_code == 404
    assert act(make_applicant_user(), case, "return-online", {"materials": [1]}).status_code == 404
    assert act(None, case, "return-online", {"materials": [1]}).status_code in (401, 403)


def test_not_possible_once_taken_in(cast, item):
    case = make_case(state="received", item=item, cast=cast, channel="online")
    first, reasons = reasons_for(case)
    response = act(cast.desk, case, "return-online", {"materials": [first.requirement_id], "reasons": reasons})
    assert response.status_code == 409
    with pytest.raises(ValidationError):
        s.case_return_online(case=case, materials=[], by=cast.desk)


def test_workbench_form_reasons_per_material_and_online_wording(client, cast, item):
    case = make_case(state="submitted", item=item, cast=cast)
    first = case.materials.order_by("position").first()
    client.force_login(cast.desk)
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert "预审退回补正" in page and f'name="return-online-reason_{first.requirement_id}"' in page
    url = reverse("approvals:case-action", kwargs={"number": case.number, "action": "return-online"})
    response = client.post(
        url,
        {"return-online-materials": [first.requirement_id], f"return-online-reason_{first.requirement_id}": "已过期"},
        follow=True,
    )
    body = response.content.decode()
    assert "已退回申请人补正" in body and "请打印交申请人" not in body
    notice = client.get(reverse("approvals:notice-supplement", kwargs={"number": case.number})).content.decode()
    assert "已过期" in notice and first.name in notice


def test_online_supplement_request_after_intake_is_not_told_to_print(client, cast, item):
    case = make_case(state="received", item=item, cast=cast, channel="online")
    client.force_login(cast.desk)
    ids = list(case.materials.filter(required=True).values_list("requirement_id", flat=True))
    url = reverse("approvals:case-action", kwargs={"number": case.number, "action": "request-supplement"})
    body = client.post(url, {"request-supplement-materials": ids}, follow=True).content.decode()
    assert "已出具一次性告知书" in body and "请打印交申请人" not in body


def test_online_queue_shows_age_and_flags_over_one_working_day(client, cast, item):
    fresh = make_case(state="submitted", item=item, cast=cast)
    client.force_login(cast.desk)
    page = client.get(reverse("approvals:desk")).content.decode()
    assert fresh.number in page and "已等待 0 小时" in page and "wb-age--late" not in page
    # Friday 2026-11-20 09:00 submitted; on Tuesday 11-24 two working days have begun.
    tz = datetime.timezone(datetime.timedelta(hours=8))
    friday = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=tz)
    monday = datetime.datetime(2026, 11, 23, 17, 0, tzinfo=tz)
    tuesday = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=tz)
    assert waiting_age(friday, now=monday) == {"hours": 80, "working_days": 1, "late": False}
    assert waiting_age(friday, now=tuesday)["late"] is True


def test_online_queue_flags_a_late_application_on_the_page(client, cast, item, monkeypatch):
    case = make_case(state="submitted", item=item, cast=cast)
    from hall import clock as hall_clock

    later = hall_clock.now() + datetime.timedelta(days=6)
    monkeypatch.setattr(hall_clock, "now", lambda: later)
    client.force_login(cast.desk)
    page = client.get(reverse("approvals:desk")).content.decode()
    assert case.number in page and "wb-age--late" in page and "超过 1 个工作日" in page


def test_the_applicant_sees_each_reason_on_their_case_page(client, cast, item):
    owner = make_applicant_user()
    case = make_case(state="submitted", item=item, cast=cast, applicant=owner)
    first, reasons = reasons_for(case, "身份证复印件不清晰")
    s.case_return_online(case=case, materials=[first.requirement_id], reasons=reasons, by=cast.desk)
    client.force_login(owner)
    page = client.get(reverse("portal:case-detail", kwargs={"number": case.number})).content.decode()
    assert f"{first.name}：身份证复印件不清晰" in page
