"""Front office in the browser: 窗口无权否决, 平台对话框 (two contexts, live), 文件袋 handovers on the board."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from approvals.models import RefusalReason
from frontoffice.models import PaperBag
from tests.e2e.conftest import WINDOW_PC, screenshot
from tests.e2e.workbench_people import login, make_hall, open_action
from tests.factories import Cast, make_case, receive_all_materials

pytestmark = pytest.mark.e2e


def _cast(hall):
    cast = Cast(hall.dept)
    cast._cache.update(desk=hall.desk, reviewer=hall.reviewer, chief=hall.chief)
    return cast


def test_a_refusal_at_the_desk_waits_for_the_chiefs_confirmation_and_only_then_prints(page, settings):
    settings.HALL_WINDOW_NO_VETO = True
    hall = make_hall()
    reason, _ = RefusalReason.objects.get_or_create(text="申请事项依法不属于本机关职权范围，请向有关行政机关申请")
    case = make_case(item=hall.promised, cast=_cast(hall))
    case_url = f"{page.base_url}/workbench/cases/{case.number}/"

    login(page, hall.desk)
    page.goto(case_url)
    open_action(page, "refuse")
    page.locator("#id_refuse-standard_reason").select_option(str(reason.pk))
    page.locator("#action-refuse button[type=submit]").click()
    expect(page.locator(".wb-confirm")).to_contain_text("请确认：对该办件作出不予受理决定？")
    expect(page.locator(".wb-confirm__reason")).to_have_text(reason.text)
    screenshot(page, "frontoffice-refuse-confirm-step")
    page.locator("#action-refuse button[data-action=refuse]").click()
    expect(page.get_by_text("窗口无权否决：已提请市场监管局首席代表确认")).to_be_visible()
    expect(page.locator("#awaiting-confirmation")).to_be_visible()
    expect(page.locator(".wb-notices")).not_to_contain_text("不予受理通知书")  # nothing to print yet
    screenshot(page, "frontoffice-refuse-waiting")

    login(page, hall.chief)
    page.goto(page.base_url + "/workbench/inbox/")
    expect(page.locator("#pending-confirmations")).to_contain_text(case.number)
    page.locator("#pending-confirmations a").first.click()
    expect(page.locator("#confirmation")).to_contain_text(reason.text)
    screenshot(page, "frontoffice-refuse-chief")
    page.locator("button[data-fo=confirm-veto]").click()
    expect(page.get_by_text("已确认，窗口可以打印文书交申请人。")).to_be_visible()

    login(page, hall.desk)
    page.goto(case_url)
    notice = page.locator(".wb-notices a", has_text="不予受理通知书")
    expect(notice).to_be_visible()
    page.goto(page.base_url + notice.get_attribute("href"))
    expect(page.locator("article.notice")).to_contain_text(reason.text)
    screenshot(page, "frontoffice-refusal-notice")


def test_a_desk_department_conversation_updates_live_on_both_sides(browser, live_server, settings):
    settings.HALL_THREAD_POLL_SECONDS = 1
    hall = make_hall()
    case = make_case(state="dispatched", item=hall.promised, cast=_cast(hall))
    contexts = []
    pages = {}
    for who in ("desk", "reviewer"):
        context = browser.new_context(viewport=WINDOW_PC, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        contexts.append(context)
        p = context.new_page()
        p.base_url = live_server.url
        pages[who] = p
    try:
        login(pages["desk"], hall.desk)
        login(pages["reviewer"], hall.reviewer)
        for p in pages.values():
            p.goto(f"{p.base_url}/workbench/cases/{case.number}/#thread")
            expect(p.locator("#thread")).to_be_visible()
        desk, reviewer = pages["desk"], pages["reviewer"]
        desk.locator("#thread-body").fill("申请人刚补交了场所平面图原件，随文件袋送达")
        desk.locator("#thread-form button[type=submit]").click()
        expect(desk.locator("#thread-messages")).to_contain_text("随文件袋送达")
        expect(reviewer.locator("#thread-messages")).to_contain_text("随文件袋送达")  # no reload
        reviewer.locator("#thread-body").fill("收到，今天下午确认受理")
        reviewer.locator("#thread-form button[type=submit]").click()
        expect(desk.locator("#thread-messages")).to_contain_text("今天下午确认受理")
        expect(desk.locator(".fo-msg--department")).to_have_count(1)
        screenshot(desk, "frontoffice-thread-desk")
        screenshot(reviewer, "frontoffice-thread-department")
        # A message while the reviewer is on the inbox shows as unread there.
        reviewer.goto(reviewer.base_url + "/workbench/inbox/")
        desk.locator("#thread-body").fill("申请人询问进度")
        desk.locator("#thread-form button[type=submit]").click()
        expect(desk.locator("#thread-messages")).to_contain_text("申请人询问进度")
        reviewer.reload()
        expect(reviewer.locator(f"[data-unread='{case.number}']")).to_have_text("1")
        screenshot(reviewer, "frontoffice-inbox-unread")
    finally:
        for context in contexts:
            context.close()


def test_a_paper_bags_handovers_are_recorded_and_a_missing_one_shows_on_the_board(page, settings):
    hall = make_hall()
    case = make_case(item=hall.promised, cast=_cast(hall))
    receive_all_materials(case, by=hall.desk)
    case_url = f"{page.base_url}/workbench/cases/{case.number}/"

    login(page, hall.desk)
    page.goto(case_url)
    page.locator("button[data-fo=seal-bag]").click()
    page.wait_for_url(re.compile(r".*/bags/.+/sheet/"))
    code = page.locator("#bag-code").inner_text().strip()
    expect(page.locator("article.notice")).to_contain_text(hall.promised.name)
    expect(page.locator("article.notice img")).to_be_visible()
    screenshot(page, "frontoffice-bag-sheet")

    page.goto(page.base_url + "/workbench/front/bags/scan/")
    page.get_by_label("文件袋条码").fill(code)
    page.get_by_label("接收人").fill("赵传递")
    page.get_by_label("文件袋条码").press("Enter")
    expect(page.get_by_text(f"文件袋 {code} 已交接：传递人员接收（赵传递）")).to_be_visible()

    # The department's receipt never comes: hours later the board shows the missing handover.
    bag = PaperBag.objects.get(code=code)
    PaperBag.objects.filter(pk=bag.pk).update(
        next_due_at=bag.next_due_at - timedelta(days=1), warn_at=bag.warn_at - timedelta(days=1)
    )
    login(page, hall.supervisor)
    page.goto(page.base_url + "/board/")
    expect(page.locator("#bags-missing")).to_contain_text(code)
    expect(page.locator("#bags-missing")).to_contain_text("审批部门接收")
    screenshot(page, "frontoffice-board-missing-bag")

    login(page, hall.reviewer)
    page.goto(page.base_url + "/workbench/front/bags/scan/")
    page.get_by_label("文件袋条码").fill(code)
    page.get_by_label("文件袋条码").press("Enter")
    expect(page.get_by_text(f"文件袋 {code} 已交接：审批部门接收")).to_be_visible()
    page.goto(case_url)
    route = page.locator("#bags .fo-route")
    expect(route).to_contain_text("窗口封袋")
    expect(route).to_contain_text("赵传递")
    expect(route).to_contain_text("审批部门接收")
    screenshot(page, "frontoffice-case-bag-route")

    login(page, hall.supervisor)
    page.goto(page.base_url + "/board/")
    expect(page.locator("#bags-missing-count")).to_have_text("0")
