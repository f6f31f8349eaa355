"""A hall admin maintains the catalog in the admin: edits an item, sees its versions,
and a bad import is refused with line numbers."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model

from catalog import demo
from catalog.importing import catalog_export_json
from catalog.models import Item
from tests.e2e.conftest import screenshot


@pytest.fixture
def catalog(transactional_db):
    demo.seed(stdout=io.StringIO(), password="x")
    get_user_model().objects.create_superuser("hall-admin", password="hall-demo-2026")


def _login(page):
    page.goto(page.base_url + "/admin/login/")
    page.get_by_label("用户名").fill("hall-admin")
    page.get_by_label("密码").fill("hall-demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def test_admin_edits_an_item_and_refuses_a_bad_import(page, catalog, tmp_path):
    _login(page)
    page.goto(page.base_url + "/admin/catalog/item/?q=spjyxk")
    page.get_by_role("link", name="食品经营许可", exact=True).click()
    page.get_by_label("承诺办结时限（工作日）").fill("30")
    page.get_by_role("button", name="保存", exact=True).first.click()
    page.get_by_text("不得超过法定办结时限").first.wait_for()
    page.get_by_label("承诺办结时限（工作日）").fill("4")
    page.get_by_role("button", name="保存", exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/catalog/item/(\?.*)?$"))
    assert page.get_by_text("成功修改").is_visible()
    assert Item.objects.get(code="SCJG-SPJY-XK").version == 2
    page.goto(page.base_url + f"/admin/catalog/item/{Item.objects.get(code='SCJG-SPJY-XK').pk}/change/")
    screenshot(page, "admin-item-change")

    doc = json.loads(catalog_export_json())
    doc["items"][1]["promised_limit_days"] = 99
    bad = tmp_path / "catalog.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    page.goto(page.base_url + "/admin/catalog/item/")
    page.get_by_role("link", name="导入目录").click()
    page.get_by_label("目录文件").set_input_files(str(bad))
    page.get_by_role("button", name="导入").click()
    page.get_by_text("目录未做任何改动").wait_for()
    assert page.locator(".import-problems li").first.inner_text().startswith("items[1]（第")
    screenshot(page, "admin-catalog-import-refused")
