import pytest

from catalog.models import ItemVersion, MaterialRequirement
from catalog.services import item_current_version
from tests.catalog.factories import make_item

pytestmark = pytest.mark.django_db

SNAPSHOT_KEYS = {
    "code", "name", "department_id", "department_name", "kind", "item_type", "legal_limit_days",
    "promised_limit_days", "warn_days", "allows_commitment", "allows_deficiency", "max_visits", "online",
    "result_type", "result_name", "fee_charged", "fee_amount", "materials", "steps",
}  # fmt: skip


def test_first_call_snapshots_the_item_with_the_contract_keys():
    item = make_item(legal_limit_days=20, promised_limit_days=5, fee_charged=True, fee_amount="12.50")
    version = item_current_version(item=item)
    assert version.number == 1 and item.version == 1
    snap = version.snapshot
    assert set(snap) >= SNAPSHOT_KEYS
    assert (snap["legal_limit_days"], snap["promised_limit_days"], snap["fee_amount"]) == (20, 5, "12.50")
    assert [m["name"] for m in snap["materials"]] == ["材料1", "材料2"]
    assert set(snap["materials"][0]) == {
        "id", "position", "name", "required", "originals", "copies", "form", "source", "may_commit",
        "may_be_deficient",
    }  # fmt: skip
    assert [s["name"] for s in snap["steps"]] == ["受理", "审查", "审批"]
    assert snap["steps"][-1]["decides"] is True


def test_unchanged_item_reuses_its_version():
    item = make_item()
    first = item_current_version(item=item)
    assert item_current_version(item=item) == first
    assert ItemVersion.objects.filter(item=item).count() == 1


def test_a_case_keeps_the_limits_and_materials_it_started_with():
    item = make_item(legal_limit_days=20, promised_limit_days=5)
    accepted_under = item_current_version(item=item)  # what a case stores

    item.promised_limit_days = 3
    item.save()
    MaterialRequirement.objects.create(item=item, position=3, name="新增材料")
    newer = item_current_version(item=item)

    assert newer.number == 2 and item.version == 2
    assert newer.snapshot["promised_limit_days"] == 3
    assert len(newer.snapshot["materials"]) == 3
    accepted_under.refresh_from_db()
    assert accepted_under.snapshot["promised_limit_days"] == 5
    assert [m["name"] for m in accepted_under.snapshot["materials"]] == ["材料1", "材料2"]


def test_a_material_edit_alone_makes_a_new_version():
    item = make_item()
    item_current_version(item=item)
    MaterialRequirement.objects.filter(item=item, position=1).update(required=False)
    assert item_current_version(item=item).number == 2
