"""督办 in the browser: the supervisor urges from the case page; the reviewer sees the marker and the bell."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall
from tests.factories import Cast, make_case

pytestmark = pytest.mark.e2e


def test_supervisor_urges_and_the_reviewer_sees_it(page):
    hall = make_hall()
    cast = Cast(hall.dept)
    cast._cache.update(reviewer=hall.reviewer, chief=hall.chief)
    case = make_case(state="in_review", item=hall.promised, cast=cast)

    login(page, hall.supervisor)
    page.goto(f"{page.base_url}/workbench/cases/{case.number}/#urge")
    expect(page.locator("#urge")).to_be_visible()
    page.locator("#urge-note").fill("群众反映等待较久，请于今日内办结并报告进度")
    screenshot(page, "urge-case-page-supervisor")
    page.locator("#urge button[type=submit]").click()
    expect(page.get_by_text("已督办办件")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("群众反映等待较久，请于今日内办结并报告进度")

    login(page, hall.reviewer)
    page.goto(page.base_url + "/workbench/inbox/")
    expect(page.locator(".wb-urged")).to_have_count(1)
    expect(page.locator(".site-user__count")).to_have_text("1")
    screenshot(page, "urge-inbox-reviewer")
