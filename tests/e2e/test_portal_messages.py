"""The applicant's 消息 page on a phone: the acceptance message, the unread count in the header,
mark read, the SMS opt-out; nothing wider than the screen."""

import pytest

from tests.e2e.conftest import screenshot
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item
from tests.messaging.helpers import deliver_and_send

pytestmark = pytest.mark.django_db(transaction=True)


def test_applicant_reads_the_acceptance_message_on_a_phone(phone_page, client, settings, tmp_path):
    settings.HALL_SMS_FILE_PATH = str(tmp_path / "sms.log")
    dept = make_department(code="scjg", name="市场监管局")
    item = make_item(department=dept, name="食品经营许可", materials=1)
    applicant = make_applicant_user(name="张三")
    case = make_case(state="in_review", item=item, cast=Cast(dept), applicant=applicant, channel="online")
    deliver_and_send()
    client.force_login(applicant)
    cookie = client.cookies["sessionid"]
    phone_page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": phone_page.base_url}])

    phone_page.goto(phone_page.base_url + "/online/cases/")
    badge = phone_page.locator('.site-nav a[href="/online/messages/"] .todo-count')
    assert badge.inner_text() == "1"
    phone_page.locator('.site-nav a[href="/online/messages/"]').click()
    phone_page.wait_for_url("**/online/messages/")
    card = phone_page.locator(".message-card").first
    assert case.number in card.inner_text() and "已受理" in card.inner_text()
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(phone_page, "portal-messages-phone")

    card.get_by_role("button", name="标为已读").click()
    phone_page.wait_for_load_state()
    assert phone_page.locator('.site-nav a[href="/online/messages/"] .todo-count').count() == 0
    phone_page.get_by_label("不接收短信通知（站内消息照常发送）").check()
    phone_page.get_by_role("button", name="保存").click()
    assert "已退订短信通知" in phone_page.locator(".messages").inner_text()
    screenshot(phone_page, "portal-messages-phone-read")
