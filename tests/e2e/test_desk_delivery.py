"""The completed-item window in the browser: find the result by 取件码, see how long it waited,
hand it to the agent registered on the case, print the signed 送达回证."""

import pytest
from playwright.sync_api import expect

from approvals.models import Case, Result
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall, open_action
from tests.factories import Cast, applicant_data, make_case, resident_id

pytestmark = pytest.mark.e2e


def test_pickup_by_code_by_the_registered_agent_with_a_service_receipt(page, transactional_db):
    hall = make_hall()
    agent_id = resident_id()
    cast = Cast(hall.dept)
    case = make_case(
        state="ready",
        item=hall.promised,
        cast=cast,
        applicant=applicant_data(name="钱申请", agent_name="孙代理", agent_id_number=agent_id),
    )
    other = make_case(state="ready", item=hall.promised, cast=cast)
    code = Result.objects.get(case=case).pickup_code
    login(page, hall.delivery)
    expect(page.locator("#h-waiting").locator("xpath=..")).to_contain_text("已等待")
    screenshot(page, "delivery-window")
    page.locator("#q").fill(code)
    page.locator("#q").press("Enter")
    table = page.locator("#h-waiting").locator("xpath=..")
    expect(table).to_contain_text(case.number)
    expect(table).not_to_contain_text(other.number)
    page.get_by_role("link", name="办理领取").click()
    open_action(page, "deliver")
    expect(page.locator("#collectors")).to_contain_text("孙代理")
    page.get_by_label("领取人姓名").fill("孙代理")
    page.get_by_label("领取人身份证号").fill(agent_id)
    screenshot(page, "delivery-pickup-form")
    page.get_by_role("button", name="确定送达办结").click()
    expect(page.locator(".wb-casehead__meta")).to_contain_text("已办结")
    assert Case.objects.get(pk=case.pk).delivery_details["collector"] == "agent"
    with page.expect_popup() as popup:
        page.get_by_role("link", name="送达回证").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    expect(receipt.locator("#service-receipt")).to_contain_text("孙代理")
    expect(receipt.locator("#service-receipt")).to_contain_text("办件登记的代理人")
    screenshot(receipt, "delivery-service-receipt")
