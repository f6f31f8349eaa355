"""审查中补正 on a phone: the department suspends the case asking for a new licence; the applicant
sees the request at the top, uploads it from the case page, is told it waits for the department;
the department's case page says the applicant supplemented. Staff steps call the services."""

import pytest
from playwright.sync_api import expect

from approvals import services as s
from tests.e2e.conftest import screenshot
from tests.factories import PDF_BYTES, Cast, make_applicant_user, make_department, make_item
from tests.portal.helpers import submitted_case

REASON = "请补交新的营业执照（原执照已过期）"


@pytest.fixture
def suspended_case(transactional_db):
    dept = make_department(code="scjg", name="市场监管局")
    item = make_item(department=dept, name="食品经营许可", materials=2, result_name="食品经营许可证")
    user = make_applicant_user(username="phoneuser", name="孙七")
    cast = Cast(dept)
    case = s.case_take_in(case=submitted_case(item=item, by=user), by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    case = s.case_acknowledge(case=case, by=cast.chief)
    case = s.case_suspend(case=case, kind="supplement", reason=REASON, by=cast.reviewer)
    return case, cast


def test_phone_applicant_answers_a_supplement_request_in_review(phone_page, suspended_case):
    case, cast = suspended_case
    page = phone_page
    page.goto(f"{page.base_url}/online/cases/{case.number}/")
    page.get_by_label("登录账号").fill("phoneuser")
    page.get_by_label("密码").fill("pw-test-2026")
    page.get_by_role("button", name="登录").click()
    box = page.locator("#review-supplement")
    expect(box).to_contain_text("审查部门要求补正材料")
    expect(box).to_contain_text(REASON)
    box_top = box.bounding_box()["y"]
    assert box_top < 844, "the request must be visible without scrolling on a phone"
    screenshot(page, "portal-review-supplement-phone")

    page.get_by_role("navigation").get_by_role("link", name="我的办件").click()
    expect(page.locator(".case-card--todo")).to_contain_text("待您处理")
    expect(page.locator(".todo-count")).to_have_text("1")
    screenshot(page, "portal-review-supplement-my-cases-phone")

    page.goto(f"{page.base_url}/online/cases/{case.number}/")
    first = case.materials.order_by("position").first()
    pdf = {"name": "新营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES + b"%new" * 40}
    page.set_input_files(f"#file_{first.requirement_id}", pdf)
    page.get_by_role("button", name="提交补正材料").click()
    expect(page.get_by_text("已补交，等待部门审查后恢复计时。").first).to_be_visible()
    screenshot(page, "portal-review-supplement-done-phone")
    case.refresh_from_db()
    assert case.state == "suspended"

    # The department sees it on its case page.
    page.context.clear_cookies()
    page.goto(page.base_url + "/workbench/")
    page.get_by_label("用户名").fill(cast.reviewer.username)
    page.get_by_label("密码").fill("pw-test-2026")
    page.get_by_label("密码").press("Enter")
    page.goto(f"{page.base_url}/workbench/cases/{case.number}/")
    expect(page.get_by_text("申请人已于")).to_be_visible()
    screenshot(page, "workbench-review-supplemented-phone")
