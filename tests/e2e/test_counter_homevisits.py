"""上门办 in the browser: an elderly applicant asks online, the desk assigns a clerk, who takes the
case in on site with the materials recorded as received there."""

import pytest
from playwright.sync_api import expect

from approvals.models import CaseEvent
from hall.constants import Role
from homevisits.models import HomeVisit
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import PASSWORD, login, make_hall
from tests.factories import make_applicant_user, make_staff

pytestmark = pytest.mark.e2e


def test_home_visit_requested_assigned_and_taken_in_on_site(page, transactional_db):
    hall = make_hall()
    applicant = make_applicant_user(username="grandpa", name="李大爷")
    goer = make_staff(role=Role.FRONT_DESK, username="goer")
    goer.first_name = "赵上门"
    goer.save(update_fields=["first_name"])

    page.goto(page.base_url + "/online/login/?next=/online/home-visits/")
    page.get_by_label("登录账号").fill(applicant.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("密码").press("Enter")
    page.wait_for_url("**/online/home-visits/")
    page.get_by_label("办理事项").select_option(label=str(hall.promised))
    page.get_by_label("上门地址").fill("示范县幸福里3栋2单元101")
    page.get_by_label("方便上门的时间").fill("工作日上午")
    page.get_by_label("申请原因").select_option("elderly")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#my-visits")).to_contain_text("待派单")
    visit = HomeVisit.objects.get()

    login(page, hall.desk)
    page.get_by_role("link", name="上门办").first.click()
    expect(page.locator("#visits")).to_contain_text(visit.number)
    expect(page.locator("#visits .level--green")).to_be_visible()
    page.get_by_role("link", name=visit.number).click()
    page.get_by_label("上门人员").select_option(label="赵上门")
    page.get_by_role("button", name="确认派单").click()
    expect(page.locator(".visit-status")).to_have_text("已派单")

    login(page, goer)
    page.goto(page.base_url + f"/workbench/home-visits/{visit.pk}/")
    page.get_by_label("申请材料1").check()
    page.get_by_label("申请材料2").check()
    page.get_by_label("上门记录").fill("在申请人家中核验原件")
    page.get_by_role("button", name="登记办件并收取材料").click()
    expect(page.locator(".visit-status")).to_have_text("已上门收件")
    screenshot(page, "homevisits-done")
    visit.refresh_from_db()
    case = visit.case
    assert case.received_by == goer and case.materials.filter(status="received").count() == 2
    notes = CaseEvent.objects.filter(case=case, action="record-material").values_list("note", flat=True)
    assert len(notes) == 2 and all("上门收取" in n for n in notes)
    page.locator("#visit-case").click()
    expect(page.locator(".wb-materials")).to_be_visible()
    screenshot(page, "homevisits-case")
