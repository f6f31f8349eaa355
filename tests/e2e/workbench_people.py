"""People, items and browser helpers shared by the workbench browser tests."""

import re
from dataclasses import dataclass

from playwright.sync_api import expect

from hall.constants import Role, WindowKind
from tests.factories import make_department, make_item, make_staff, make_window

PASSWORD = "pw-test-2026"


@dataclass
class Hall:
    dept: object
    promised: object
    instant: object
    desk: object
    special: object
    reviewer: object
    chief: object
    delivery: object
    supervisor: object


def make_hall():
    dept = make_department(code="scjg", name="市场监管局")
    promised = make_item(
        department=dept, code="SCJG-SPJY", name="食品经营许可", kind="promised", materials=2, promised_limit_days=10
    )
    instant = make_item(
        department=dept,
        code="SCJG-GTMC",
        name="个体工商户名称变更登记",
        kind="instant",
        materials=1,
        promised_limit_days=0,
        steps=("审查决定",),
    )
    special_window = make_window(kind=WindowKind.SPECIALISED, department=dept, number="12")
    people = {
        "desk": make_staff(role=Role.FRONT_DESK, username="desk"),
        "special": make_staff(role=Role.FRONT_DESK, window=special_window, username="special"),
        "reviewer": make_staff(role=Role.REVIEWER, department=dept, username="reviewer"),
        "chief": make_staff(role=Role.CHIEF, department=dept, username="chief"),
        "delivery": make_staff(role=Role.DELIVERY, username="delivery"),
        "supervisor": make_staff(role=Role.SUPERVISOR, username="supervisor"),
    }
    names = {
        "desk": "陈受理",
        "special": "周专窗",
        "reviewer": "吴审查",
        "chief": "郑首席",
        "delivery": "孙出件",
        "supervisor": "钱督查",
    }
    for key, user in people.items():
        user.first_name = names[key]
        user.save(update_fields=["first_name"])
    return Hall(dept=dept, promised=promised, instant=instant, **people)


def login(page, user, *, shot=None):
    """Sign in through the login page (a fresh session each time) and land on the workbench."""
    page.context.clear_cookies()
    page.goto(page.base_url + "/workbench/")
    if shot:
        from tests.e2e.conftest import screenshot

        screenshot(page, shot)
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("密码").press("Enter")
    page.wait_for_url(re.compile(r".*/(workbench|board|admin)/.*"))


def register_case(page, *, query, name, id_number, phone="13912345678"):
    """At the front desk: pick the item by typing, fill the applicant, press Enter."""
    search = page.get_by_label("办理事项")
    search.fill(query)
    expect(page.locator("#item-results li").first).to_be_visible()
    search.press("Enter")
    expect(page.locator("#item-chosen")).to_contain_text("✓")
    page.get_by_label("申请人姓名/单位名称").fill(name)
    page.get_by_label("证件号码").fill(id_number)
    expect(page.locator("#id-check")).to_contain_text("号码有效")
    page.get_by_label("联系电话").fill(phone)
    page.get_by_label("联系电话").press("Enter")
    page.wait_for_url("**/workbench/cases/**")
    return page.locator(".wb-number").first.inner_text().strip()


def material_row(page, position):
    return page.locator("table.wb-materials tbody tr").nth(position - 1)


def open_action(page, slug):
    """Unfold an action panel on the case page (some open by themselves)."""
    panel = page.locator(f"#action-{slug}")
    expect(panel).to_be_visible()
    panel.evaluate("d => { d.open = true; }")
