"""实施清单 and 全市通办 in the catalog's import and export (issue 19): JSON and CSV, round trips,
and errors by line and field."""

import json

import pytest

from catalog.importing import CatalogImportError, catalog_export_data, catalog_export_items_csv, catalog_export_json
from catalog.models import Department, Item, ItemImplementation
from catalog.services import catalog_import
from hall.models import Hall
from tests.catalog.network import build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return build_network()


def _state():
    data = catalog_export_data()
    data.pop("exported_at")
    return data


def _impls(code):
    return {
        i.hall.code: (i.department.code, i.promised_limit_days, i.fee_note, i.window_numbers)
        for i in ItemImplementation.objects.filter(item__code=code).select_related("hall", "department")
    }


def test_json_export_carries_halls_departments_halls_implementations_and_citywide(net):
    data = catalog_export_data()
    halls = {h["code"]: h for h in data["halls"]}
    assert halls["t1"]["parent"] == "cya" and halls["t1"]["level"] == "township" and halls["city"]["parent"] is None
    assert [h["code"] for h in data["halls"]].index("cya") < [h["code"] for h in data["halls"]].index("t1")
    assert next(d for d in data["departments"] if d["code"] == "cya-scjg")["hall"] == "cya"
    item = next(i for i in data["items"] if i["code"] == "CYA-SPJY")
    assert item["citywide"] is False
    assert item["implementations"] == [
        {"hall": "t1", "department": "cya-scjg", "promised_limit_days": 7, "fee_note": "免费",
         "window_numbers": "2号窗口", "note": "", "is_active": True},
        {"hall": "t2", "department": "cya-scjg", "promised_limit_days": None, "fee_note": "",
         "window_numbers": "综合窗口", "note": "", "is_active": True},
    ]  # fmt: skip
    assert next(i for i in data["items"] if i["code"] == "CITY-HJ")["citywide"] is True


def test_json_round_trip_reimports_and_loads_into_an_empty_catalog(net):
    text = catalog_export_json()
    before = _state()
    summary = catalog_import(file=text)
    assert summary["implementations"] == 2 and summary["halls"] == Hall.objects.count()
    assert _state() == before
    ItemImplementation.objects.all().delete()
    Item.objects.all().delete()
    Department.objects.all().delete()
    for code in ("v1", "t1", "t2"):  # children before parents (PROTECT)
        Hall.objects.filter(code=code).delete()
    catalog_import(file=text)
    assert _state() == before


def test_json_import_changes_and_drops_implementations(net):
    doc = json.loads(catalog_export_json())
    item = next(i for i in doc["items"] if i["code"] == "CYA-SPJY")
    item["implementations"] = [
        {"hall": "t2", "department": "cya-scjg", "promised_limit_days": 8, "fee_note": "工本费5元"}
    ]
    item["citywide"] = True
    catalog_import(file=json.dumps(doc, ensure_ascii=False))
    assert _impls("CYA-SPJY") == {"t2": ("cya-scjg", 8, "工本费5元", "综合窗口")}
    assert Item.objects.get(code="CYA-SPJY").citywide is True


def test_json_errors_by_line_and_field_and_nothing_changes(net):
    doc = json.loads(catalog_export_json())
    item = next(i for i in doc["items"] if i["code"] == "CYA-SPJY")
    item["name"] = "改过的名称"  # a good edit that must not survive
    item["implementations"] = [
        {"hall": "t1", "department": "cya-scjg", "promised_limit_days": 11},
        {"hall": "nosuch", "department": "cya-scjg"},
        {"hall": "t2", "department": "nodept"},
        {"hall": "t2", "department": "cya-scjg"},
        {"hall": "t2", "department": "cya-scjg"},
    ]
    doc["departments"][0]["hall"] = "gone"
    before = _state()
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    with pytest.raises(CatalogImportError) as caught:
        catalog_import(file=text)
    messages = [str(p) for p in caught.value.problems]
    index = next(n for n, i in enumerate(doc["items"]) if i["code"] == "CYA-SPJY")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"code": "CYA-SPJY"' in t)
    where = f"items[{index}]（第{line}行）.implementations"
    assert any(m.startswith(f"{where}[0]：") and "promised_limit_days" in m and "10 个工作日" in m for m in messages)
    assert f"{where}[1]：实施大厅（hall）“nosuch”不存在。" in messages
    assert f"{where}[2]：审批部门（department）“nodept”不存在。" in messages
    assert f"{where}[4]：大厅“t2”的实施清单重复。" in messages
    assert any("所在大厅“gone”不存在" in m for m in messages)
    assert _state() == before


def test_csv_round_trip_with_citywide_and_implementations(net):
    text = catalog_export_items_csv()
    header = text.splitlines()[0]
    assert "全市通办" in header and "实施清单" in header
    assert "t1:cya-scjg:7；t2:cya-scjg" in text
    ItemImplementation.objects.all().delete()
    Item.objects.filter(code="CITY-HJ").update(citywide=False)
    catalog_import(file=text, fmt="csv")
    assert _impls("CYA-SPJY") == {"t1": ("cya-scjg", 7, "", ""), "t2": ("cya-scjg", None, "", "")}
    assert Item.objects.get(code="CITY-HJ").citywide is True


def test_csv_errors_name_the_line(net):
    header = "事项编码,实施主体编码,事项名称,申请主体,承诺办结时限,全市通办,实施清单"
    rows = [
        "CYA-SPJY,cya-scjg,食品经营许可,自然人,10,否,t1:cya-scjg:12；t2",
        "CITY-HJ,city-gaj,户籍证明,自然人,3,也许,v1:city-gaj:x",
        "CYA-NEW,cya-scjg,新事项,自然人,5,否,t9:cya-scjg",
    ]
    with pytest.raises(CatalogImportError) as caught:
        catalog_import(file="\n".join([header, *rows]) + "\n", fmt="csv")
    messages = [str(p) for p in caught.value.problems]
    assert "第2行：实施清单“t2”格式应为“大厅编码:部门编码[:承诺时限]”。" in messages
    assert "第3行：“全市通办”应填“是”或“否”。" in messages
    assert "第3行：实施清单“v1:city-gaj:x”的承诺时限应为整数。" in messages
    # Parsing problems stop the import before any row is applied; then the applying ones:
    rows = [
        "CYA-SPJY,cya-scjg,食品经营许可,自然人,10,否,t1:cya-scjg:12",
        "CYA-NEW,cya-scjg,新事项,自然人,5,否,t9:cya-scjg",
    ]
    with pytest.raises(CatalogImportError) as caught:
        catalog_import(file="\n".join([header, *rows]) + "\n", fmt="csv")
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("第2行.implementations[0]：") and "10 个工作日" in m for m in messages)
    assert "第3行.implementations[0]：实施大厅（hall）“t9”不存在。" in messages
    assert not Item.objects.filter(code="CYA-NEW").exists()
