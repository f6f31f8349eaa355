import io
import json

import pytest

from catalog import demo
from catalog.models import Chain, Department, Item, ItemVersion, MaterialRequirement

pytestmark = pytest.mark.django_db


def test_demo_catalog_has_the_departments_items_and_chains_others_rely_on():
    demo.seed(stdout=io.StringIO(), password="x")
    codes = set(Department.objects.values_list("code", flat=True))
    assert {"scjg", "wsjk", "zjj", "zrzy", "slj", "gaj", "rsj", "fgw", "jyj"} <= codes
    assert Item.objects.count() >= 40
    instant = Item.objects.get(code="SCJG-GTGSH-DJ")
    promised = Item.objects.get(code="SCJG-SPJY-XK")
    assert (instant.kind, instant.online, instant.department.code) == ("instant", True, "scjg")
    assert (promised.kind, promised.legal_limit_days, promised.promised_limit_days) == ("promised", 20, 5)
    assert Item.objects.get(code="WSJK-GGCS-WSXK").result_name == "卫生许可证"
    assert promised.short_pinyin == "spjyxk"
    # Every item is complete enough for its guide page and a case.
    for item in Item.objects.prefetch_related("materials", "steps"):
        assert item.materials.all(), item.code
        assert item.steps.all(), item.code
        assert item.legal_basis, item.code
        assert item.version == 1, item.code
    kbqy = Chain.objects.get(code="kbqy")
    assert all(not s.waits_for.exists() for s in kbqy.steps.all())
    kcg = Chain.objects.get(code="kcg")
    assert [list(s.waits_for.values_list("position", flat=True)) for s in kcg.steps.all()] == [[], [1], [2]]


def test_demo_seed_is_idempotent_and_keeps_material_ids():
    demo.seed(stdout=io.StringIO(), password="x")
    before = sorted(MaterialRequirement.objects.values_list("id", "name", "template"))
    versions = ItemVersion.objects.count()
    out = io.StringIO()
    demo.seed(stdout=out, password="x")
    assert sorted(MaterialRequirement.objects.values_list("id", "name", "template")) == before
    assert ItemVersion.objects.count() == versions
    assert "事项" in out.getvalue()
    assert MaterialRequirement.objects.exclude(template="").exclude(sample="").count() >= 20


def test_the_demo_catalog_is_a_data_file_in_the_import_format_loaded_whole():
    from catalog.importing import FORMAT_NAME, parse_catalog_json
    from catalog.models import ChainStep, ReviewStep

    assert demo.CATALOG_FILE.suffix == ".json"
    doc = json.loads(demo.catalog_text())
    assert doc["format"] == FORMAT_NAME
    parsed = parse_catalog_json(demo.catalog_text())
    assert (len(parsed.departments), len(parsed.items), len(parsed.chains)) == (15, 53, 4)
    demo.seed(stdout=io.StringIO(), password="x")
    assert Item.objects.count() == len(doc["items"])
    assert MaterialRequirement.objects.count() == sum(len(i["materials"]) for i in doc["items"])
    assert ReviewStep.objects.count() == sum(len(i["steps"]) for i in doc["items"])
    assert ChainStep.objects.count() == sum(len(c["steps"]) for c in doc["chains"])
    deciding = ReviewStep.objects.get(item__code="SCJG-SPJY-XK", decides=True)
    assert deciding.name == "审批"
