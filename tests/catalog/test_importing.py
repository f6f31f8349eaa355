import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog import demo
from catalog.importing import CatalogImportError, catalog_export_data, catalog_export_items_csv, catalog_export_json
from catalog.models import Chain, Department, Item, MaterialRequirement
from catalog.services import catalog_import

pytestmark = pytest.mark.django_db


def _state():
    """Everything an import could change, as comparable data."""
    data = catalog_export_data()
    data.pop("exported_at")
    return data


@pytest.fixture
def seeded():
    demo.seed(stdout=io.StringIO(), password="x")


def test_export_of_the_demo_catalog_reimports_cleanly(seeded):
    text = catalog_export_json()
    before = _state()
    ids = sorted(MaterialRequirement.objects.values_list("id", flat=True))
    summary = catalog_import(file=text)
    assert summary["items"] == Item.objects.count() and summary["created"] == 0
    assert _state() == before
    assert sorted(MaterialRequirement.objects.values_list("id", flat=True)) == ids


def test_export_loads_into_an_empty_catalog(seeded):
    text = catalog_export_json()
    expected = _state()
    Chain.objects.all().delete()
    Item.objects.all().delete()
    Department.objects.all().delete()
    catalog_import(file=text.encode("utf-8"))
    assert _state() == expected


def test_a_bad_item_is_reported_with_its_path_and_line_and_nothing_is_imported(seeded):
    doc = json.loads(catalog_export_json())
    doc["items"][0]["name"] = "改过的名称"  # a good edit that must not survive
    doc["items"][3]["promised_limit_days"] = 99
    doc["items"][5]["department"] = "nosuch"
    doc["items"][6]["materials"][0]["form"] = "parchment"
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    before = _state()

    with pytest.raises(CatalogImportError) as caught:
        catalog_import(file=text)

    messages = [str(p) for p in caught.value.problems]
    code3 = doc["items"][3]["code"]
    line3 = text.splitlines().index(f'      "code": "{code3}",') + 1
    assert any(m.startswith(f"items[3]（第{line3}行）") and "不得超过法定办结时限" in m for m in messages)
    assert any(m.startswith("items[5]") and "实施主体“nosuch”不存在" in m for m in messages)
    assert any(m.startswith("items[6]") and ".materials[0]" in m and "form" in m for m in messages)
    assert _state() == before


def test_broken_json_reports_line_and_column():
    with pytest.raises(CatalogImportError) as caught:
        catalog_import(file='{\n  "items": [\n    {"code": "A",,}\n  ]\n}')
    assert str(caught.value.problems[0]).startswith("第3行第18列：JSON 格式错误")


def test_a_chain_cycle_in_a_file_is_refused(seeded):
    doc = json.loads(catalog_export_json())
    kcg = next(c for c in doc["chains"] if c["code"] == "kcg")
    kcg["steps"][0]["waits_for"] = [3]
    with pytest.raises(CatalogImportError, match="前置环节形成循环"):
        catalog_import(file=json.dumps(doc, ensure_ascii=False))
    assert list(Chain.objects.get(code="kcg").steps.get(position=1).waits_for.all()) == []


def test_csv_round_trip_and_line_numbers(seeded):
    csv_text = catalog_export_items_csv()
    before = _state()
    catalog_import(file=io.BytesIO(csv_text.encode("utf-8")), fmt="csv")
    assert _state() == before

    lines = csv_text.splitlines()
    lines[4] = lines[4].replace("承诺件", "慢件", 1).replace("即办件", "慢件", 1)
    bad = "\n".join(lines[:3] + ["SCJG-NEW,nosuch,新事项"] + lines[3:])
    with pytest.raises(CatalogImportError) as caught:
        catalog_import(file=bad.encode("gb18030"), fmt="csv")
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("第4行") and "nosuch" in m for m in messages)
    assert any(m.startswith("第6行") and "kind" in m for m in messages)
    assert not Item.objects.filter(code="SCJG-NEW").exists()
    assert _state() == before


def test_csv_creates_an_item_with_materials_and_steps(seeded):
    header = "事项编码,实施主体编码,事项名称,办件类型,法定办结时限,承诺办结时限,申请主体,是否收费,申请材料,审批环节"
    row = "TEST-CSV-1,scjg,广告发布登记,承诺件,10,3,法人或其他组织,否,申请表；营业执照（非必要）,受理→审查→决定"
    catalog_import(file=f"{header}\n{row}\n", fmt="csv")
    item = Item.objects.get(code="TEST-CSV-1")
    assert (item.kind, item.legal_limit_days, item.promised_limit_days) == ("promised", 10, 3)
    assert [(m.name, m.required) for m in item.materials.all()] == [("申请表", True), ("营业执照", False)]
    assert [s.name for s in item.steps.all()] == ["受理", "审查", "决定"]
    assert item.version == 1


def test_management_commands_export_and_import(seeded, tmp_path):
    path = tmp_path / "catalog.json"
    call_command("export_catalog", "-o", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_catalog", str(path), stdout=out)
    assert "导入成功" in out.getvalue()
    path.write_text('{"items": [{"code": "X", "department": "none", "name": "坏"}]}', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="目录未做任何改动"):
        call_command("import_catalog", str(path), stdout=io.StringIO(), stderr=err)
    assert "items[0]" in err.getvalue()
