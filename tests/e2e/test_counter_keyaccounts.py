"""绿色通道 in the browser: the hall admin marks an enterprise; its case registered at the desk is
flagged on the desk's list and the case page, routed to the 业务大户室 window, and followed up."""

import pytest
from playwright.sync_api import expect

from approvals.services.publishing import deliver_all_pending
from hall.constants import Role, WindowKind
from keyaccounts.models import RoutedCase
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall, register_case
from tests.factories import credit_code, make_staff, make_window

pytestmark = pytest.mark.e2e


def test_key_account_case_flagged_and_routed(page, transactional_db):
    hall = make_hall()
    room = make_window(kind=WindowKind.COMPREHENSIVE, number="30")
    room.name = "业务大户室"
    room.save(update_fields=["name"])
    admin = make_staff(role=Role.HALL_ADMIN, username="admin-hall")
    room_clerk = make_staff(role=Role.FRONT_DESK, window=room, username="room-clerk")
    code = credit_code()

    login(page, admin)
    page.goto(page.base_url + "/workbench/key-accounts/")
    page.get_by_label("企业名称").fill("示范重工有限公司")
    page.get_by_label("统一社会信用代码").fill(code)
    page.get_by_label("专属窗口").select_option(label=str(room))
    page.get_by_role("button", name="登记").click()
    expect(page.locator("h1")).to_contain_text("示范重工有限公司")

    login(page, hall.desk)
    page.get_by_role("radio", name="法人或其他组织").check()
    number = register_case(page, query="食品经营", name="示范重工有限公司", id_number=code)
    expect(page.locator(".wb-casehead .case-flag--key-account")).to_have_text("重点企业")
    page.goto(page.base_url + "/workbench/desk/")
    expect(page.locator("tr", has_text=number).locator(".case-flag--key-account")).to_be_visible()
    screenshot(page, "keyaccounts-desk-flag")

    deliver_all_pending()  # what the worker does after commit: route to the dedicated window
    assert RoutedCase.objects.get().window == room

    login(page, room_clerk)
    page.get_by_role("link", name="业务大户室").first.click()
    expect(page.locator("#key-queue")).to_contain_text(number)
    screenshot(page, "keyaccounts-window")
    page.goto(page.base_url + "/workbench/key-accounts/")
    page.get_by_role("link", name="示范重工有限公司").click()
    page.get_by_label("方式").select_option("visit")
    page.get_by_label("情况记录").fill("上门走访，企业对办理速度满意")
    page.get_by_role("button", name="登记回访").click()
    expect(page.locator("#followups")).to_contain_text("上门走访，企业对办理速度满意")
