from tests.e2e.conftest import screenshot


def test_home_page_in_chinese_links_to_admin_and_api_docs(page):
    page.goto(page.base_url + "/")
    assert "政务服务中心" in page.title()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.get_by_role("link", name="开放接口").click()
    page.wait_for_url("**/api/docs/")
    screenshot(page, "api-docs")
    page.goto(page.base_url + "/")
    screenshot(page, "home")
    page.get_by_role("link", name="管理后台").click()
    page.wait_for_url("**/admin/login/**")
    assert page.get_by_label("用户名").is_visible()
