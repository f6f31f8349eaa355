"""一个窗口收费 in the browser: a fee paid at the window with a printable receipt, and a charge on
a free item refused (and recorded by 电子监察)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fees.models import Charge
from supervision.monitoring_models import Finding, MonitorRule
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall
from tests.factories import make_case, make_item

pytestmark = pytest.mark.e2e


def test_fee_paid_at_the_window_and_free_item_refused(page, transactional_db):
    # A transactional test's flush empties the rules the migration seeded; this one needs its rule.
    MonitorRule.objects.get_or_create(code="fee_on_free_item", defaults={"threshold": 0, "escalate_days": 1})
    hall = make_hall()
    paid_item = make_item(
        department=hall.dept, code="SCJG-DJ", name="特种设备使用登记", fee_charged=True, fee_amount=Decimal("50.00")
    )
    paid_case = make_case(item=paid_item)
    free_case = make_case(item=hall.promised)
    login(page, hall.desk)
    page.get_by_role("link", name="收费").first.click()
    page.get_by_label("办件编号").fill(paid_case.number)
    page.get_by_role("button", name="查找办件").click()
    expect(page.locator("#fee-standard")).to_contain_text("按件定额：50.00 元")
    page.get_by_role("radio", name="扫码支付").check()
    page.get_by_label("支付凭证号（刷卡/扫码流水号）").fill("WX4200001234")
    page.get_by_role("button", name="确认收费 50.00 元并出具票据").click()
    expect(page.locator("#receipt")).to_contain_text("收费票据")
    expect(page.locator(".receipt-amount")).to_have_text("¥50.00")
    expect(page.locator("#receipt")).to_contain_text("WX4200001234")
    charge = Charge.objects.get(case=paid_case)
    expect(page.locator(".receipt-number")).to_have_text(charge.number)
    screenshot(page, "fees-receipt")

    page.goto(page.base_url + f"/workbench/fees/cases/{free_case.number}/")
    expect(page.locator("#fee-standard")).to_contain_text("不收费事项")
    page.get_by_role("button", name="确认收费并出具票据").click()
    expect(page.locator("[role=alert]").first).to_contain_text("不能收费。此次收费操作已记入电子监察")
    screenshot(page, "fees-free-item-refused")
    assert not Charge.objects.filter(case=free_case).exists()
    assert Finding.objects.filter(case=free_case, rule="fee_on_free_item").count() == 1
