"""Issue 11, department, in Chromium: the chief's own queue, an explicit decision, the step's
审查意见 on the timeline, and an issue form that starts from the item's default validity."""

import pytest
from playwright.sync_api import expect

from approvals import services as s
from catalog.models import ReviewStep
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall, open_action
from tests.factories import Cast, make_case, make_item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_chief_decides_from_his_own_queue(page):
    hall = make_hall()
    item = make_item(department=hall.dept, name="食品小作坊登记", steps=(), validity_years=5)
    for position, (name, decides) in enumerate([("受理", False), ("审查", False), ("审批", True), ("制证", False)], 1):
        ReviewStep.objects.create(
            item=item, position=position, name=name, decides=decides, opinion_required=name == "审查"
        )
    cast = Cast(hall.dept)
    cast._cache.update(desk=hall.desk, reviewer=hall.reviewer, chief=hall.chief)
    reviewing = make_case(state="in_review", item=item, cast=cast)
    deciding = make_case(state="in_review", item=item, cast=cast)
    deciding = s.case_advance(case=deciding, by=hall.reviewer, opinion="申请材料齐全")
    deciding = s.case_advance(case=deciding, by=hall.reviewer, opinion="经审查，符合法定条件")

    login(page, hall.chief)
    page.goto(page.base_url + "/workbench/inbox/")
    queue = page.locator("section", has=page.locator("#h-decide"))
    expect(queue).to_contain_text(deciding.number)
    expect(queue).not_to_contain_text(reviewing.number)
    expect(page.locator("section", has=page.locator("#h-decided"))).to_contain_text("待制证/待出证")
    screenshot(page, "dept-chief-queue")
    page.goto(page.base_url + "/")
    expect(page.get_by_role("link", name="督查督办")).to_have_count(0)

    page.goto(page.base_url + "/workbench/inbox/")
    queue.get_by_role("link", name=deciding.number).click()
    expect(page.locator(".timeline")).to_contain_text("审查环节办结，转入审批")
    expect(page.locator(".timeline")).to_contain_text("审查意见：经审查，符合法定条件")
    expect(page.locator("#action-advance")).to_have_count(0)  # no moving past the deciding step
    decide = page.locator("#action-decide")
    expect(decide.get_by_label("准予许可")).not_to_be_checked()
    expect(decide.get_by_label("不予许可")).not_to_be_checked()
    decide.get_by_role("button", name="确定作出决定").click()  # the browser asks for a choice first
    expect(decide.locator("input[name='decide-outcome']:invalid")).to_have_count(2)
    expect(page.locator(".message--success")).to_have_count(0)
    page.locator("#action-decide").get_by_label("准予许可").check()
    page.locator("#action-decide").get_by_role("button", name="确定作出决定").click()
    expect(page.locator(".message--success")).to_contain_text("已作出决定")
    screenshot(page, "dept-chief-decided")

    open_action(page, "issue")
    valid = page.locator("#action-issue").get_by_label("有效期至")
    expect(valid).not_to_have_value("")
    assert valid.input_value() > "2030-"
