import pytest

from catalog.selectors import department_list, item_search
from tests.catalog.factories import make_department, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    scjg = make_department(code="scjg", name="市场监督管理局")
    wsjk = make_department(code="wsjk", name="卫生健康委员会")
    return {
        "food": make_item(code="SCJG-SPJY-XK", name="食品经营许可", department=scjg, theme="开餐馆"),
        "shop": make_item(
            code="SCJG-GTGSH-DJ",
            name="个体工商户设立登记",
            department=scjg,
            kind="instant",
            promised_limit_days=0,
            theme="开办企业",
        ),  # fmt: skip
        "health": make_item(code="WSJK-GGCS-WSXK", name="公共场所卫生许可证核发", department=wsjk, online=False),
        "old": make_item(code="SCJG-OLD", name="食品流通许可（已取消）", department=scjg, is_active=False),
    }


def _codes(qs):
    return sorted(i.code for i in qs)


def test_search_by_name_code_and_pinyin_initials(items):
    assert _codes(item_search(q="食品经营")) == ["SCJG-SPJY-XK"]
    assert _codes(item_search(q="spjyxk")) == ["SCJG-SPJY-XK"]
    assert _codes(item_search(q="SPJY")) == ["SCJG-SPJY-XK"]  # code, any case
    assert _codes(item_search(q="jyxk")) == ["SCJG-SPJY-XK"]  # initials of part of the name
    assert _codes(item_search(q="wsxk")) == ["WSJK-GGCS-WSXK"]


def test_filters_combine_and_inactive_items_are_hidden(items):
    assert _codes(item_search(department="scjg")) == ["SCJG-GTGSH-DJ", "SCJG-SPJY-XK"]
    assert _codes(item_search(department=items["food"].department_id, kind="instant")) == ["SCJG-GTGSH-DJ"]
    assert _codes(item_search(online=False)) == ["WSJK-GGCS-WSXK"]
    assert _codes(item_search(online="1", theme="开餐馆")) == ["SCJG-SPJY-XK"]
    assert "SCJG-OLD" in _codes(item_search(q="食品", active_only=False))


def test_department_list_counts_active_items(items):
    counts = {d.code: d.item_count for d in department_list()}
    assert counts == {"scjg": 2, "wsjk": 1}


def test_search_runs_in_one_query(items, django_assert_num_queries):
    with django_assert_num_queries(1):
        [i.department.name for i in item_search(q="许可")]


def test_best_matches_come_first(items):
    make_item(code="AAA-1", name="食品经营许可证补办", department=make_department(code="aaa", sort_order=1))
    make_item(code="AAA-2", name="小餐饮食品经营许可", department=make_department(code="aab", sort_order=1))
    assert [i.code for i in item_search(q="食品经营许可")][:2] == ["SCJG-SPJY-XK", "AAA-1"]
    assert [i.code for i in item_search(q="spjyxk")][0] == "SCJG-SPJY-XK"
