"""审管互动 in the browser: 市场监管's reviewer finds a granted 食品经营许可 in the regulator
inbox, opens it (result, materials, process) and signs for it (签收)."""

import pytest
from playwright.sync_api import expect

from approvals.services.publishing import deliver_all_pending
from regulators.models import Handoff
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall
from tests.factories import Cast, make_case

pytestmark = pytest.mark.e2e


def test_the_regulator_acknowledges_a_handoff_from_the_inbox(page):
    hall = make_hall()
    hall.promised.regulators.add(hall.dept)
    cast = Cast(hall.dept)
    cast._cache.update(reviewer=hall.reviewer, chief=hall.chief)
    case = make_case(state="granted", item=hall.promised, cast=cast)
    deliver_all_pending()

    login(page, hall.reviewer)
    page.get_by_role("link", name="审管互动").first.click()
    row = page.locator(f"tr[data-handoff] >> text={case.number}")
    expect(row).to_be_visible()
    screenshot(page, "regulators-inbox")
    page.get_by_role("link", name="查看并签收").click()
    expect(page.get_by_text("申请材料1")).to_be_visible()
    expect(page.get_by_text("准予许可").first).to_be_visible()
    page.get_by_label("签收意见").fill("已纳入日常监管名录")
    screenshot(page, "regulators-handoff")
    page.get_by_role("button", name="签收").click()
    expect(page.get_by_text("已签收。")).to_be_visible()
    handoff = Handoff.objects.get(case=case)
    assert handoff.acknowledged_by_id == hall.reviewer.pk and handoff.ack_note == "已纳入日常监管名录"
