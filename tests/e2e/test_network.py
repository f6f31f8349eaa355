"""就近办 in the browser: a county item received at a township centre's comprehensive window, the
paper originals sent to the county and signed for there, decided and issued by the county
department, the result sent back and signed for at the township's completed-item window, and
collected there by the applicant. The timeline names both halls and every 流转 step."""

import re

import pytest
from playwright.sync_api import expect

from approvals import services as s
from approvals.models import Case
from approvals.services.publishing import deliver_all_pending
from network.models import PaperTransfer
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, open_action
from tests.factories import applicant_data, resident_id
from tests.network.helpers import build_network

pytestmark = pytest.mark.e2e


def _name(user, name):
    user.first_name = name
    user.save(update_fields=["first_name"])


def test_township_receives_county_decides_applicant_collects_at_the_township(page, transactional_db):
    net = build_network()
    for user, name in (
        (net.town_desk, "李收件"),
        (net.town_delivery, "王出件"),
        (net.county_reviewer, "吴审查"),
        (net.county_chief, "郑首席"),
    ):
        _name(user, name)
    id_number = resident_id()
    case = s.case_create(
        item=net.item, channel="window", applicant=applicant_data(name="赵就近", id_number=id_number), by=net.town_desk
    )
    case_url = f"{page.base_url}/workbench/cases/{case.number}/"

    # The township's comprehensive window takes the paper originals and dispatches to the county.
    login(page, net.town_desk)
    page.goto(case_url)
    page.get_by_role("button", name=re.compile("全部收取")).click()
    expect(page.locator('button[data-action="dispatch"]')).to_be_visible()
    page.locator('button[data-action="dispatch"]').click()
    expect(page.locator(".wb-casehead__meta")).to_contain_text("已推送")
    deliver_all_pending()  # the case events reach the network app (a worker does this in the hall)

    # The 流转 list: the originals wait to be sent, green; send them with the tracking note.
    page.goto(page.base_url + "/network/transfers/?direction=out")
    row = page.locator(f'tr[data-case="{case.number}"]')
    expect(row).to_contain_text("东阿县政务服务中心")
    expect(row.locator(".badge")).to_have_text(re.compile("绿灯|黄灯"))
    row.get_by_label("寄送方式/单号").fill("机要交换 2026-118")
    screenshot(page, "network-transfers-township")
    row.locator('button[data-action="send-paper"]').click()
    row = page.locator(f'tr[data-case="{case.number}"]')
    expect(row).to_contain_text("在途")  # on its way: no button left for the township
    expect(row.locator("button")).to_have_count(0)
    assert PaperTransfer.objects.get(case=case).status == "sent"

    # The county department signs for the paper on the case page, where its panel shows both halls.
    login(page, net.county_reviewer)
    page.goto(case_url)
    panel = page.locator("#network-halls")
    expect(panel.locator('[data-nw="hall"]')).to_have_text("铜城街道便民服务中心")
    expect(panel.locator('[data-nw="decision-hall"]')).to_have_text("东阿县政务服务中心")
    page.locator('button[data-action="receive-paper"]').click()
    expect(page.locator("#network-halls")).to_contain_text("已签收")

    # The county decides and issues (the department's own pages are tested elsewhere).
    case = Case.objects.get(pk=case.pk)
    case = s.case_acknowledge(case=case, by=net.county_chief)
    while case.has_next_step():
        case = s.case_advance(case=case, by=net.county_reviewer)
    case = s.case_decide(case=case, outcome="granted", reason="", by=net.county_chief)
    s.case_issue(case=case, by=net.county_reviewer)
    deliver_all_pending()

    # The county sends the result back to the township (就近取件).
    page.goto(case_url)
    open_action(page, "send-result")
    page.locator("#action-send-result").get_by_label("寄送方式/单号").fill("专人送达")
    page.locator("#action-send-result").get_by_role("button", name=re.compile("寄回办理结果")).click()
    expect(page.locator("#network-halls")).to_contain_text("在途")

    # The township's completed-item window: handing over before the result arrives is refused.
    login(page, net.town_delivery)
    page.goto(case_url)
    open_action(page, "deliver")
    page.get_by_label("领取人身份证号").fill(id_number)
    page.get_by_role("button", name="确定送达办结").click()
    expect(page.locator("#action-deliver")).to_contain_text("办理结果尚未从东阿县政务服务中心送达铜城街道便民服务中心")

    page.goto(page.base_url + "/network/transfers/?direction=in")
    row = page.locator(f'tr[data-case="{case.number}"]')
    expect(row).to_contain_text("办理结果送回收件大厅")
    row.locator('button[data-action="receive-result"]').click()
    expect(page.locator(f'tr[data-case="{case.number}"]')).to_have_count(0)  # signed for: no longer open

    # The applicant collects at the township.
    page.goto(case_url)
    open_action(page, "deliver")
    page.get_by_label("领取人身份证号").fill(id_number)
    page.get_by_role("button", name="确定送达办结").click()
    expect(page.locator(".wb-casehead__meta")).to_contain_text("已办结")

    timeline = page.locator(".timeline")
    for text in (
        "纸质原件寄出",
        "纸质原件由铜城街道便民服务中心寄往东阿县政务服务中心（机要交换 2026-118）",
        "纸质原件签收",
        "东阿县政务服务中心已签收铜城街道便民服务中心寄来的纸质原件",
        "办理结果寄回收件大厅",
        "办理结果由东阿县政务服务中心寄往铜城街道便民服务中心（专人送达）",
        "办理结果到达收件大厅",
        "送达办结",
    ):
        expect(timeline).to_contain_text(text)
    page.locator("#network-halls").scroll_into_view_if_needed()
    screenshot(page, "network-case-delivered-at-township")
    assert Case.objects.get(pk=case.pk).state == "delivered"


def test_the_township_desk_picker_offers_only_what_the_township_can_receive(page, transactional_db):
    """The item picker as the clerk types: the county item implemented at the township is
    offered; a county item without a township implementation is not (case_create would refuse it)."""
    from tests.factories import make_item

    net = build_network()
    make_item(department=net.item.department, code="DE-ONLY", name="个体工商户注销登记（县级）", materials=1)
    login(page, net.town_desk)
    page.goto(page.base_url + "/workbench/desk/")
    search = page.locator("[data-picker-url]")
    search.fill("个体工商户")
    results = page.locator("#item-results")
    expect(results).to_contain_text("个体工商户设立登记")
    expect(results).not_to_contain_text("注销登记")
    screenshot(page, "desk-picker-township")
    # The county's own clerk is offered both.
    login(page, net.county_desk)
    page.goto(page.base_url + "/workbench/desk/")
    page.locator("[data-picker-url]").fill("个体工商户")
    expect(page.locator("#item-results")).to_contain_text("注销登记")
