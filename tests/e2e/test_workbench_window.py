"""At the windows in the browser: an instant item on the spot at a specialised window, a refused
case, a one-time notice (printed on A4), and a 409 when someone else acted first."""

import re

import pytest
from playwright.sync_api import expect

from approvals.models import Case
from approvals.services import case_acknowledge
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall, material_row, open_action, register_case
from tests.factories import make_case, receive_all_materials, resident_id

pytestmark = pytest.mark.e2e


def pdf_pages(page, name):
    """Print the current page to A4 PDF and count its pages."""
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    data = page.pdf(path=str(SCREENSHOTS / f"{name}.pdf"), format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def test_instant_item_accepted_and_decided_on_the_spot(page, transactional_db):
    hall = make_hall()
    login(page, hall.special, shot="workbench-login")
    expect(page.locator("h1")).to_contain_text("专业窗口")
    number = register_case(page, query="gtgshmc", name="刘个体", id_number=resident_id())
    material_row(page, 1).get_by_role("button", name="原件").click()
    expect(page.locator("#readiness")).to_contain_text("可以推送")
    page.keyboard.press("Alt+a")
    expect(page.locator(".message--success")).to_contain_text("已当场受理")
    expect(page.locator(".wb-casehead__meta")).to_contain_text("审查中")
    expect(page.locator("#h-clock").locator("xpath=..")).to_contain_text("即办")
    screenshot(page, "workbench-special-case")
    open_action(page, "decide")
    page.get_by_label("准予许可").check()
    page.get_by_role("button", name="确定作出决定").click()
    expect(page.locator(".message--success")).to_contain_text("已作出决定")
    open_action(page, "issue")
    page.get_by_role("button", name="确定制证出件").click()
    open_action(page, "deliver")
    page.get_by_role("radio", name="电子送达").check()
    expect(page.get_by_label("领取人身份证号")).to_be_hidden()
    page.get_by_role("button", name="确定送达办结").click()
    expect(page.locator(".wb-casehead__meta")).to_contain_text("已办结")
    case = Case.objects.get(number=number)
    assert case.state == "delivered" and case.accepted_at.date() == case.delivered_at.date()


def test_refusal_and_one_time_notice_print_on_a4(page, transactional_db):
    hall = make_hall()
    login(page, hall.desk)

    # A refusal needs a reason; the error shows next to the field.
    refused = register_case(page, query="食品经营", name="黄拒绝", id_number=resident_id())
    page.keyboard.press("Alt+r")
    expect(page.locator("#action-refuse select")).to_be_focused()  # the standard reasons come first
    page.get_by_role("button", name="下一步：核对理由").click()
    expect(page.locator("#action-refuse .field-error")).to_contain_text("不予受理必须说明理由")
    expect(page.locator("#action-refuse")).to_have_attribute("open", "")
    page.locator("#action-refuse textarea").fill("申请事项依法不需要取得行政许可")
    page.get_by_role("button", name="下一步：核对理由").click()
    expect(page.locator(".wb-confirm__reason")).to_have_text("申请事项依法不需要取得行政许可")  # one more look
    page.get_by_role("button", name="确认不予受理").click()
    expect(page.locator(".wb-casehead__meta")).to_contain_text("不予受理")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="不予受理通知书").click()
    notice = popup.value
    notice.wait_for_load_state()
    expect(notice.locator("body")).to_contain_text("申请事项依法不需要取得行政许可")
    notice.emulate_media(media="print")
    screenshot(notice, "workbench-notice-refusal-print")
    assert pdf_pages(notice, "workbench-notice-refusal") == 1
    notice.close()

    # The one-time notice lists every missing material at once.
    page.goto(page.base_url + "/workbench/desk/")
    number = register_case(page, query="SCJG-SPJY", name="林补正", id_number=resident_id())
    material_row(page, 1).get_by_role("button", name="复印件").click()
    expect(page.locator("#readiness")).to_contain_text("还缺 1 项必要材料")
    page.keyboard.press("Alt+s")
    box = page.locator("#action-request-supplement")
    expect(box.get_by_label("申请材料2")).to_be_checked()
    expect(box.get_by_label("申请材料1")).not_to_be_checked()
    box.get_by_role("button", name="确定出具一次性告知书").click()
    expect(page.locator(".wb-casehead__meta")).to_contain_text("待补正")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="一次性告知书").click()
    notice = popup.value
    notice.wait_for_load_state()
    expect(notice.locator("body")).to_contain_text("申请材料2")
    notice.emulate_media(media="print")
    screenshot(notice, "workbench-notice-supplement-print")
    assert pdf_pages(notice, "workbench-notice-supplement") == 1
    assert Case.objects.get(number=number).notice_rounds == 1
    assert Case.objects.get(number=refused).state == "not_accepted"


def test_someone_else_acted_first_shows_the_fresh_state(page, transactional_db):
    hall = make_hall()
    case = make_case(item=hall.promised)
    receive_all_materials(case, by=hall.desk)
    from approvals.services import case_dispatch

    case_dispatch(case=case, by=hall.desk)
    login(page, hall.reviewer)
    page.goto(page.base_url + f"/workbench/cases/{case.number}/?action=return")
    page.locator("#action-return textarea").fill("营业执照复印件不清晰")
    case_acknowledge(case=case, by=hall.chief)  # the chief acknowledges meanwhile
    page.get_by_role("button", name="确定退回窗口").click()
    expect(page.locator("#banner")).to_contain_text("其他人已处理该办件")
    expect(page.locator(".wb-casehead__meta")).to_contain_text("审查中")
    expect(page.locator("#action-return")).to_have_count(0)
    screenshot(page, "workbench-conflict")


def test_returned_case_is_on_top_of_the_desk_with_its_reason(page, transactional_db):
    hall = make_hall()
    case = make_case(state="dispatched", item=hall.promised)
    login(page, hall.reviewer)
    page.goto(page.base_url + f"/workbench/cases/{case.number}/?action=return")
    page.locator("#action-return textarea").fill("法定代表人身份证明与申请书不一致")
    page.get_by_role("button", name="确定退回窗口").click()
    expect(page.locator(".message--success")).to_contain_text("已退回")
    login(page, hall.desk)
    returned = page.locator(".wb-returned")
    expect(returned).to_contain_text(case.number)
    expect(returned).to_contain_text("法定代表人身份证明与申请书不一致")
    screenshot(page, "workbench-desk-returned")
