"""The online hall on a PC: the same pages at 1366x768 (login, my cases, a case, progress query)."""

import pytest
from playwright.sync_api import expect

from approvals import services as s
from tests.e2e.conftest import screenshot
from tests.factories import Cast, make_applicant_user, make_department, make_item
from tests.portal.helpers import submitted_case


@pytest.fixture
def accepted_case(transactional_db):
    dept = make_department(code="scjg", name="市场监管局")
    item = make_item(department=dept, name="食品经营许可", materials=2, result_name="食品经营许可证")
    user = make_applicant_user(username="pcuser", name="赵六")
    cast = Cast(dept)
    case = s.case_take_in(case=submitted_case(item=item, by=user), by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    return s.case_acknowledge(case=case, by=cast.chief)


def test_login_my_cases_detail_and_progress_on_a_pc(page, accepted_case):
    case = accepted_case
    page.goto(f"{page.base_url}/online/cases/{case.number}/")
    expect(page.get_by_role("heading", name="申请人登录")).to_be_visible()  # login first, then back here
    page.get_by_label("登录账号").fill("pcuser")
    page.get_by_label("密码").fill("pw-test-2026")
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".state-card")).to_contain_text("已受理")
    expect(page.locator(".deadline")).to_contain_text("还剩")
    screenshot(page, "portal-case-pc")
    page.get_by_role("navigation").get_by_role("link", name="我的办件").click()
    expect(page.get_by_text(case.number)).to_be_visible()
    screenshot(page, "portal-my-cases-pc")

    # The progress query needs no login.
    page.context.clear_cookies()
    page.goto(page.base_url + "/online/progress/")
    page.get_by_label("办件编号").fill(case.number)
    page.get_by_label("查询码").fill(case.query_code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="食品经营许可")).to_be_visible()
    expect(page.locator(".ptl")).to_contain_text("部门受理确认")
    screenshot(page, "portal-progress-pc")
