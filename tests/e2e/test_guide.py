"""The public service guide in a real browser: search by name and by pinyin initials,
filter, open an item page; at a desk PC's size and on a phone."""

import io

import pytest

from catalog import demo
from tests.e2e.conftest import screenshot


@pytest.fixture
def catalog(transactional_db):
    demo.seed(stdout=io.StringIO(), password="x")


def test_search_filter_and_open_an_item(page, catalog):
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="办事指南").click()
    page.wait_for_url("**/guide/")
    assert page.get_by_role("heading", name="办事指南").is_visible()
    screenshot(page, "guide-list")

    # By name.
    page.get_by_placeholder("输入事项名称").fill("食品经营")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**q=*")
    assert page.get_by_role("link", name="食品经营许可", exact=True).is_visible()

    # By pinyin initials, the way people type on a phone.
    page.get_by_placeholder("输入事项名称").fill("ggcswsxkzhf")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**q=ggcswsxkzhf*")
    assert page.get_by_text("共找到 1 项事项").is_visible()
    assert page.get_by_role("link", name="公共场所卫生许可证核发").is_visible()

    # Filters: department and kind.
    page.get_by_placeholder("输入事项名称").fill("")
    page.get_by_label("实施部门").select_option("scjg")
    page.get_by_label("办件类型").select_option("instant")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**department=scjg*")
    assert page.get_by_role("link", name="个体工商户设立登记").is_visible()
    assert page.get_by_role("link", name="食品经营许可", exact=True).count() == 0
    screenshot(page, "guide-list-filtered")

    page.get_by_role("link", name="个体工商户设立登记").click()
    page.wait_for_url("**/guide/SCJG-GTGSH-DJ/")
    assert page.get_by_role("heading", name="个体工商户设立登记").is_visible()
    assert page.get_by_test_id("limits").inner_text() == "办理时限：法定15个工作日，承诺即时办结"

    page.goto(page.base_url + "/guide/SCJG-SPJY-XK/")
    assert "法定20个工作日，承诺5个工作日" in page.get_by_test_id("limits").inner_text()
    assert page.get_by_role("cell", name="食品经营许可申请书").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="空白表格").first.click()
    assert download.value.suggested_filename.startswith("食品经营许可申请书")
    screenshot(page, "guide-detail")

    page.get_by_role("link", name="开餐馆一件事").click()
    page.wait_for_url("**/guide/chains/kcg/")
    assert page.get_by_text("第3步").is_visible()
    page.goto(page.base_url + "/guide/chains/")
    screenshot(page, "guide-chains")


def test_guide_on_a_phone(phone_page, catalog):
    page = phone_page
    page.goto(page.base_url + "/guide/?q=spjyxk")
    assert page.get_by_text("共找到 1 项事项").is_visible()
    screenshot(page, "guide-list-phone")
    page.get_by_role("link", name="食品经营许可", exact=True).click()
    page.wait_for_url("**/guide/SCJG-SPJY-XK/")
    # Nothing wider than the phone screen except inside the scrollable materials table.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, "guide-detail-phone")
    assert overflow <= 0
    assert page.get_by_text("请到综合受理窗口办理").is_visible()
    screenshot(page, "guide-detail-phone")
