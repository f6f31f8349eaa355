"""The shared header on a phone: one tidy band, no page wider than the screen."""

import pytest

from tests.e2e.conftest import screenshot
from tests.factories import make_applicant_user, make_department, make_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_signed_in_applicant_sees_a_compact_header_on_guide_and_portal_pages(phone_page, client):
    make_item(department=make_department(code="scjg", name="市场监管局"), materials=1)
    applicant = make_applicant_user()
    client.force_login(applicant)
    cookie = client.cookies["sessionid"]
    phone_page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": phone_page.base_url}])

    for path, name in (
        ("/guide/", "header-phone-guide"),
        ("/guide/chains/", "header-phone-chains"),
        ("/online/", "header-phone-portal"),
    ):
        phone_page.goto(phone_page.base_url + path)
        header = phone_page.locator(".site-header").bounding_box()
        assert header["height"] < 140, (path, header)
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
        screenshot(phone_page, name)
