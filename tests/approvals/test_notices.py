"""Printable notices: who may see them, when they exist, and what they must say."""

import pytest
from django.urls import reverse

from approvals import services as s
from tests.factories import Cast, make_applicant_user, make_case, make_item, make_staff

pytestmark = pytest.mark.django_db


def page(client, user, name, case):
    client.force_login(user)
    return client.get(reverse(f"approvals:{name}", kwargs={"number": case.number}))


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_acceptance_notice_has_hall_number_deadline_limits_and_query_code(client, item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    body = text(page(client, cast.desk, "notice-acceptance", case))
    assert "受理通知书" in body and "示范县政务服务中心" in body and case.number in body
    assert case.query_code in body and "data-print" in body and 'class="notice"' in body
    assert "法定办结时限" in body and "20 个工作日" in body and "5 个工作日" in body
    deadline = case.deadline_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in body


def test_acceptance_notice_does_not_exist_before_dispatch(client, item, cast):
    case = make_case(state="received", item=item, cast=cast)
    assert page(client, cast.desk, "notice-acceptance", case).status_code == 404


def test_supplement_notice_lists_every_missing_material_and_why(client, item, cast):
    case = make_case(state="supplement_requested", item=item, cast=cast)
    body = text(page(client, cast.desk, "notice-supplement", case))
    assert "一次性告知书" in body and "申请材料1" in body and "申请材料2" in body
    assert "申请材料3" not in body  # optional, not requested
    assert "未提交" in body and "不再要求您补正其他材料" in body


def test_refusal_notice_has_reason_and_appeal_route_to_whom(client, item, cast):
    case = make_case(state="not_accepted", item=item, cast=cast)
    body = text(page(client, cast.desk, "notice-refusal", case))
    assert "不予受理通知书" in body and "不属于本部门职责范围" in body
    assert "六十日内向示范县人民政府申请行政复议" in body and "六个月内向示范县人民法院提起行政诉讼" in body


def test_denial_decision_has_reasons_and_appeal_route(client, item, cast):
    case = make_case(state="denied", item=item, cast=cast)
    body = text(page(client, cast.chief, "notice-denial", case))
    assert "不予行政许可决定书" in body and "不符合法定条件" in body and "行政复议" in body
    granted = make_case(state="granted", item=item, cast=cast)
    assert page(client, cast.chief, "notice-denial", granted).status_code == 404


def test_certificate_has_holder_number_dates_and_a_qr_to_the_verification_page(client, cast, dept):
    item = make_item(department=dept, result_name="食品经营许可证")
    case = make_case(state="ready", item=item, cast=cast)
    result = case.result
    body = text(page(client, cast.delivery, "notice-certificate", case))
    assert case.applicant_name in body and result.number in body and "食品经营许可证" in body
    assert result.verification_code in body and "<svg" in body
    assert f"/verify/{result.verification_code}/" in body
    assert case.applicant_id_number in body  # the holder's own document prints the full number (issue 11)


def test_notices_are_404_to_who_may_not_see_the_case_and_applicants_see_their_own(client, item, cast, other_dept):
    owner = make_applicant_user()
    case = make_case(state="not_accepted", item=item, cast=cast, channel="online", applicant=owner)
    assert text(page(client, owner, "notice-refusal", case))
    assert page(client, make_applicant_user(), "notice-refusal", case).status_code == 404
    assert page(client, Cast(other_dept).chief, "notice-refusal", case).status_code == 404
    client.logout()
    response = client.get(reverse("approvals:notice-refusal", kwargs={"number": case.number}))
    assert response.status_code == 302


def test_certificate_before_issue_is_404(client, item, cast):
    case = make_case(state="granted", item=item, cast=cast)
    assert page(client, cast.chief, "notice-certificate", case).status_code == 404
    s.case_issue(case=case, by=cast.reviewer)
    assert page(client, make_staff(role="supervisor"), "notice-certificate", case).status_code == 200
