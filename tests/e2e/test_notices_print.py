"""The printable notices in a real browser: print button, clean A4 print without the site chrome."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.e2e.conftest import screenshot
from tests.factories import Cast, make_case, make_department, make_item

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, client, user):
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def test_certificate_and_refusal_print_clean_on_a4(page, client):
    dept = make_department(code="scjg", name="市场监督管理局")
    cast = Cast(dept)
    item = make_item(department=dept, name="食品经营许可", result_name="食品经营许可证")
    ready = make_case(state="ready", item=item, cast=cast)
    refused = make_case(state="not_accepted", item=item, cast=cast)
    login(page, client, cast.delivery)

    page.goto(page.base_url + reverse("approvals:notice-certificate", kwargs={"number": ready.number}))
    assert page.get_by_role("button", name="打印").is_visible()
    assert page.locator(".certificate__qr svg").is_visible()
    screenshot(page, "notice-certificate")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="打印").is_visible()
    screenshot(page, "notice-certificate-print")
    pdf = page.pdf(format="A4")
    assert (
        pdf.startswith(b"%PDF")
        and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 1
    )

    login(page, client, cast.desk)
    page.emulate_media(media="screen")
    page.goto(page.base_url + reverse("approvals:notice-refusal", kwargs={"number": refused.number}))
    assert page.get_by_role("heading", name="不予受理通知书").is_visible()
    assert page.get_by_text("申请行政复议").is_visible()
    screenshot(page, "notice-refusal")


def test_acceptance_and_one_time_notices_render_for_print(page, client):
    dept = make_department(code="scjg", name="市场监督管理局")
    cast = Cast(dept)
    item = make_item(department=dept, name="食品经营许可", materials=3)
    accepted = make_case(state="in_review", item=item, cast=cast)
    notified = make_case(state="supplement_requested", item=item, cast=cast)
    login(page, client, cast.desk)
    page.goto(page.base_url + reverse("approvals:notice-acceptance", kwargs={"number": accepted.number}))
    assert page.get_by_role("heading", name="受理通知书").is_visible()
    assert page.get_by_text(accepted.query_code).first.is_visible()
    screenshot(page, "notice-acceptance")
    page.goto(page.base_url + reverse("approvals:notice-supplement", kwargs={"number": notified.number}))
    assert page.locator(".notice__table tbody tr").count() == 3
    screenshot(page, "notice-supplement")
