"""The front desk in the browser: find any case from the header, tick materials without a
reload, take all paper originals at once, print the 收件凭证."""

import pytest
from playwright.sync_api import expect

from approvals.models import Case
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall, material_row, register_case
from tests.factories import applicant_data, make_case, make_item, resident_id

pytestmark = pytest.mark.e2e


def test_materials_are_taken_without_reloading_and_all_at_once(page, transactional_db):
    hall = make_hall()
    make_item(department=hall.dept, code="SCJG-QIXIANG", name="七项材料测试许可", materials=7)
    login(page, hall.desk)
    number = register_case(page, query="SCJG-QIXIANG", name="王七项", id_number=resident_id())
    page.evaluate("window.__noReload = true")  # gone if the page reloads

    material_row(page, 1).get_by_role("button", name="原件").click()
    expect(material_row(page, 1)).to_contain_text("已收")
    expect(page.locator("#readiness")).to_contain_text("还缺 6 项必要材料")
    expect(page.locator("#timeline-card")).to_contain_text("申请材料1")
    material_row(page, 2).locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "营业执照.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            }
        ]
    )
    expect(material_row(page, 2).get_by_role("link", name="查看")).to_be_visible()
    page.get_by_role("button", name="全部收取（纸质原件）").click()
    expect(page.locator("#readiness")).to_contain_text("必要材料已齐，可以推送")
    assert page.evaluate("window.__noReload === true")
    case = Case.objects.get(number=number)
    assert case.materials.filter(status="missing").count() == 0
    assert case.materials.filter(paper_originals=1).count() == 6
    screenshot(page, "desk-materials-taken")

    with page.expect_popup() as popup:
        page.get_by_role("link", name="收件凭证").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    expect(receipt.locator("h1")).to_have_text("收件凭证")
    expect(receipt.locator("#receipt-materials")).to_contain_text("申请材料7")
    screenshot(receipt, "desk-receipt")
    receipt.close()

    page.get_by_role("button", name="推送部门").click()
    expect(page.locator(".message--success")).to_contain_text("已推送")


def test_the_header_search_finds_a_case_from_tomorrow_by_id_number(page, transactional_db):
    hall = make_hall()
    person = applicant_data(name="赵昨天", id_number=resident_id(), phone="13700001111")
    yesterday = make_case(state="in_review", item=hall.promised, applicant=person)
    login(page, hall.desk)
    box = page.get_by_role("searchbox", name="查找办件")
    box.fill(person["id_number"])
    box.press("Enter")
    expect(page.locator("table.wb-results")).to_contain_text(yesterday.number)
    assert person["id_number"] not in page.url
    screenshot(page, "desk-search-results")
    page.get_by_role("link", name=yesterday.number).click()
    expect(page.locator("h1, .wb-casehead").first).to_be_visible()
    # The department's reviewer has the same box; a phone number finds it as well.
    login(page, hall.reviewer)
    box = page.get_by_role("searchbox", name="查找办件")
    box.fill("137 0000 1111")
    box.press("Enter")
    expect(page.locator("table.wb-results")).to_contain_text(yesterday.number)


def test_online_pre_review_returns_an_application_with_reasons(page, transactional_db):
    hall = make_hall()
    case = make_case(state="submitted", item=hall.promised, channel="online")
    first = case.materials.order_by("position").first()
    login(page, hall.desk)
    queue = page.locator("#online-queue")
    expect(queue).to_contain_text(case.number)
    expect(queue).to_contain_text("已等待")
    screenshot(page, "desk-online-queue")
    queue.get_by_role("link", name=case.number).click()
    panel = page.locator("#action-return-online")
    panel.locator("summary").click()
    panel.get_by_role("checkbox", name=first.name).check()
    panel.get_by_label(f"“{first.name}”的补正原因").fill("照片模糊，请重新扫描")
    page.get_by_role("button", name="确定预审退回补正").click()
    expect(page.locator(".message--success")).to_contain_text("已退回申请人补正")
    expect(page.locator("body")).not_to_contain_text("请打印交申请人")
    expect(page.locator(".wb-casehead__meta")).to_contain_text("待补正")
    case.refresh_from_db()
    assert case.state == "supplement_requested" and case.received_by_id is None
