"""A promised-item case walked in the browser: front desk → department → decision → result window.

Real live server, real Celery worker with beat on the embedded broker. The first case is
acknowledged by the department; the second is deemed accepted by the worker after the
acknowledgement window is shortened to 3 seconds. The supervisor board's counts move.
"""

import time

import pytest
from playwright.sync_api import expect

from approvals.models import Case, CaseEvent
from approvals.services.publishing import deliver_all_pending
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall, material_row, open_action, register_case
from tests.factories import applicant_data, bad_resident_id, receive_all_materials, resident_id

pytestmark = [pytest.mark.e2e, pytest.mark.worker]


def board_numbers(page):
    # The day's volumes are kept from case events; deliver what a worker would within seconds.
    deliver_all_pending()
    page.goto(page.base_url + "/board/")
    read = lambda sel: int(page.locator(sel).inner_text())  # noqa: E731
    return {
        "green": read("[data-stat=green]"),
        "accepted": read("[data-volume=accepted]"),
        "decided": read("[data-volume=decided]"),
        "delivered": read("[data-volume=delivered]"),
    }


def test_promised_case_from_front_desk_to_pickup(page, settings, celery_worker_factory, tmp_path):
    settings.HALL_AUTO_ACCEPT_SECONDS = 600
    hall = make_hall()
    worker = celery_worker_factory(beat=True, HALL_AUTO_ACCEPT_SECONDS=3, HALL_ACCEPTANCE_SWEEP_SECONDS=2)
    applicant_id = resident_id()

    login(page, hall.supervisor)
    before = board_numbers(page)

    # --- front desk: register, live ID check, materials, dispatch -------------------------
    login(page, hall.desk)
    expect(page).to_have_url(page.base_url + "/workbench/desk/")
    expect(page.get_by_label("办理事项")).to_be_focused()  # the clerk can type at once
    expect(page.locator(".site-user__meta")).to_contain_text("综合受理")
    expect(page.locator(".site-user__meta")).to_contain_text("1号窗口")
    page.get_by_label("证件号码").fill(bad_resident_id())
    expect(page.locator("#id-check")).to_contain_text("公民身份号码校验位错误")
    page.get_by_label("证件号码").fill("")
    number = register_case(page, query="spjy", name="王小明", id_number=applicant_id)
    expect(page.locator("#readiness")).to_contain_text("还缺 2 项必要材料")

    material_row(page, 1).get_by_role("button", name="原件").click()
    expect(page.locator("#readiness")).to_contain_text("还缺 1 项必要材料")
    pdf = tmp_path / "营业执照.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    material_row(page, 2).locator("input[type=file]").set_input_files(str(pdf))
    expect(page.locator("#readiness")).to_contain_text("可以推送")
    expect(material_row(page, 2).get_by_role("link", name="查看")).to_be_visible()
    screenshot(page, "workbench-desk-case")
    page.keyboard.press("Alt+d")
    expect(page.locator(".message--success")).to_contain_text("已推送至市场监管局")
    expect(page.get_by_role("link", name="受理通知书")).to_be_visible()

    page.goto(page.base_url + "/workbench/desk/")
    expect(page.locator("#h-today").locator("xpath=..")).to_contain_text(number)
    screenshot(page, "workbench-desk")

    # --- department: a live countdown, acknowledge ------------------------------------------
    login(page, hall.reviewer)
    expect(page).to_have_url(page.base_url + "/workbench/inbox/")
    row = page.locator("#dispatched tr", has_text=number)
    expect(row.locator(".countdown")).to_contain_text("视为同意")
    first = row.locator(".countdown").inner_text()
    page.wait_for_timeout(1200)
    assert row.locator(".countdown").inner_text() != first  # it ticks
    screenshot(page, "workbench-inbox")
    row.get_by_role("button", name="受理确认").click()
    expect(page.locator(".message--success")).to_contain_text("已确认受理")
    review_row = page.locator("tr", has_text=number)
    expect(review_row.locator(".level--green")).to_contain_text("绿灯")
    expect(review_row).to_contain_text("剩 10 个工作日")

    login(page, hall.supervisor)
    during = board_numbers(page)
    assert during["green"] == before["green"] + 1
    assert during["accepted"] == before["accepted"] + 1
    screenshot(page, "workbench-board")

    # --- review steps, the chief decides, the result is issued ---------------------------
    login(page, hall.reviewer)
    page.goto(page.base_url + f"/workbench/cases/{number}/")
    open_action(page, "advance")
    page.get_by_label("审查意见").fill("申请材料齐全，符合法定形式")
    page.get_by_role("button", name="确定本环节办结，转入下一环节").click()
    expect(page.locator(".message--success")).to_contain_text("已转入下一环节")
    expect(page.locator(".timeline")).to_contain_text("受理环节办结，转入审查")
    open_action(page, "advance")
    page.get_by_role("button", name="确定本环节办结，转入下一环节").click()
    expect(page.locator("#action-advance")).to_have_count(0)
    screenshot(page, "workbench-review-case")

    login(page, hall.chief)
    page.goto(page.base_url + f"/workbench/cases/{number}/")
    open_action(page, "decide")
    page.get_by_label("准予许可").check()
    page.get_by_role("button", name="确定作出决定").click()
    expect(page.locator(".message--success")).to_contain_text("已作出决定")
    open_action(page, "issue")
    page.get_by_role("button", name="确定制证出件").click()
    expect(page.locator(".message--success")).to_contain_text("已制证")

    # --- completed-item window: find by ID, check the collector, hand over ----------------
    login(page, hall.delivery)
    expect(page).to_have_url(page.base_url + "/workbench/delivery/")
    page.locator("#q").fill(applicant_id)  # the window's own box (取件码、编号、姓名、证件号或电话)
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr")).to_have_count(1)
    screenshot(page, "workbench-delivery")
    page.get_by_role("link", name="办理领取").click()
    form = page.locator("#action-deliver")
    form.get_by_label("领取人身份证号").fill(resident_id())
    expect(form.locator(".id-check")).to_contain_text("号码有效")
    form.get_by_role("button", name="确定送达办结").click()
    expect(page.locator("#action-deliver")).to_contain_text("领取人身份证件与申请人不符")
    form = page.locator("#action-deliver")
    form.get_by_label("领取人身份证号").fill(applicant_id)
    form.get_by_label("领取人姓名").fill("王小明")
    form.get_by_role("button", name="确定送达办结").click()
    expect(page.locator(".message--success")).to_contain_text("已送达")
    expect(page.locator(".wb-casehead__meta")).to_contain_text("已办结")
    expect(page.get_by_role("link", name="证照（")).to_be_visible()

    login(page, hall.supervisor)
    after = board_numbers(page)
    assert after["delivered"] == before["delivered"] + 1
    assert after["decided"] == before["decided"] + 1
    assert after["green"] == before["green"]
    page.goto(page.base_url + f"/workbench/cases/{number}/")
    expect(page.locator(".wb-actions")).to_contain_text("督查人员只读查看")
    expect(page.locator("#h-timeline").locator("xpath=..")).to_contain_text("送达办结")

    # --- a second case: nobody acknowledges; the worker deems it accepted ----------------
    settings.HALL_AUTO_ACCEPT_SECONDS = 3
    second = Case.objects.none()
    from approvals.services import case_create

    second = case_create(item=hall.promised, channel="window", applicant=applicant_data(name="李四"), by=hall.desk)
    receive_all_materials(second, by=hall.desk)
    login(page, hall.desk)
    page.goto(page.base_url + f"/workbench/cases/{second.number}/")
    page.get_by_role("button", name="推送部门").click()
    expect(page.locator(".message--success")).to_contain_text("已推送")
    login(page, hall.reviewer)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if Case.objects.get(pk=second.pk).state == "in_review":
            break
        time.sleep(0.5)
    else:
        pytest.fail("not deemed accepted in time:\n" + worker.log()[-3000:])
    page.goto(page.base_url + "/workbench/inbox/")
    expect(page.locator("#dispatched")).not_to_contain_text(second.number)
    expect(page.locator("tr", has_text=second.number).locator(".level--green")).to_be_visible()
    events = CaseEvent.objects.filter(case=second, action="deem-accepted")
    assert events.count() == 1 and events.get().actor is None
    page.goto(page.base_url + f"/workbench/cases/{second.number}/")
    expect(page.locator(".timeline")).to_contain_text("视为同意")
    expect(page.locator(".timeline")).to_contain_text("系统")
