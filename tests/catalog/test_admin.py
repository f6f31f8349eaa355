import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import demo
from catalog.models import Chain, ChainStep, Item, ItemVersion
from tests.catalog.factories import make_department, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("hall-admin", password="x")
    client.force_login(user)
    return client


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _item_post(department, **overrides):
    data = {
        "code": "SCJG-ADMIN-1",
        "name": "广告发布登记",
        "department": str(department.pk),
        "item_type": "licensing",
        "theme": "",
        "is_active": "on",
        "kind": "promised",
        "legal_limit_days": "20",
        "promised_limit_days": "5",
        "warn_days": "",
        "applicant_types": ["organisation"],
        "acceptance_conditions": "",
        "legal_basis": "《广告法》",
        "max_visits": "1",
        "online": "on",
        "fee_amount": "",
        "fee_basis": "",
        "result_type": "certificate",
        "result_name": "广告发布登记证",
        "consult_phone": "",
        "notes": "",
        **_management("materials", 1),
        "materials-0-position": "1",
        "materials-0-name": "广告发布登记申请表",
        "materials-0-required": "on",
        "materials-0-originals": "1",
        "materials-0-copies": "0",
        "materials-0-form": "paper",
        "materials-0-source": "applicant",
        **_management("steps", 2),
        "steps-0-position": "1",
        "steps-0-name": "受理",
        "steps-1-position": "2",
        "steps-1-name": "审批",
        "steps-1-decides": "on",
        **_management("implementations", 0),
        **_management("versions", 0),
    }
    data.update(overrides)
    return data


def test_admin_adds_an_item_with_materials_and_steps_and_snapshots_it(admin_client):
    department = make_department()
    response = admin_client.post(reverse("admin:catalog_item_add"), _item_post(department))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    item = Item.objects.get(code="SCJG-ADMIN-1")
    assert item.short_pinyin == "ggfbdj"
    assert [m.name for m in item.materials.all()] == ["广告发布登记申请表"]
    assert item.version == 1
    version = ItemVersion.objects.get(item=item)
    assert version.created_by.username == "hall-admin"
    assert [s["name"] for s in version.snapshot["steps"]] == ["受理", "审批"]


def test_admin_refuses_promised_over_legal_with_a_field_error(admin_client):
    department = make_department()
    response = admin_client.post(reverse("admin:catalog_item_add"), _item_post(department, promised_limit_days="30"))
    assert response.status_code == 200
    assert "不得超过法定办结时限" in response.content.decode()
    assert not Item.objects.filter(code="SCJG-ADMIN-1").exists()


def test_admin_edit_adds_a_version_and_the_history_is_listed(admin_client):
    item = make_item(materials=0, steps=())
    change = reverse("admin:catalog_item_change", args=[item.pk])
    assert admin_client.post(change, _item_post(item.department, code=item.code)).status_code == 302
    first = ItemVersion.objects.get(item=item)

    # Adding a step at a taken position is a form error, not a server error.
    clash = _item_post(item.department, code=item.code)
    assert admin_client.post(change, clash).status_code == 200
    assert ItemVersion.objects.filter(item=item).count() == 1

    edit = _item_post(item.department, code=item.code, promised_limit_days="3")
    edit.update(_management("materials", 1, 1))
    edit.update(_management("steps", 2, 2))
    edit["materials-0-id"] = str(item.materials.get().pk)
    edit["steps-0-id"], edit["steps-1-id"] = (str(pk) for pk in item.steps.values_list("pk", flat=True))
    assert admin_client.post(change, edit).status_code == 302
    assert ItemVersion.objects.filter(item=item).count() == 2
    first.refresh_from_db()
    assert first.snapshot["promised_limit_days"] == 5
    page = admin_client.get(change).content.decode()
    assert "版本历史" in page


def test_admin_changelist_searches_pinyin_and_filters(admin_client):
    make_item(name="食品经营许可", code="SCJG-SPJY-XK")
    make_item(name="公共场所卫生许可证核发", code="WSJK-GGCS-WSXK", kind="instant", promised_limit_days=0)
    page = admin_client.get(reverse("admin:catalog_item_changelist"), {"q": "spjyxk"}).content.decode()
    assert "SCJG-SPJY-XK" in page and "WSJK-GGCS-WSXK" not in page
    page = admin_client.get(reverse("admin:catalog_item_changelist"), {"kind__exact": "instant"}).content.decode()
    assert "WSJK-GGCS-WSXK" in page and "SCJG-SPJY-XK" not in page
    assert "导入目录" in page


def test_chain_admin_refuses_a_cycle(admin_client):
    chain = Chain.objects.create(code="kcg", name="开餐馆")
    a, b = make_item(), make_item()
    s1 = ChainStep.objects.create(chain=chain, position=1, item=a)
    s2 = ChainStep.objects.create(chain=chain, position=2, item=b)
    data = {
        "code": "kcg",
        "name": "开餐馆",
        "description": "",
        "theme": "",
        "is_active": "on",
        **_management("steps", 2, 2),
        "steps-0-id": str(s1.pk),
        "steps-0-chain": str(chain.pk),
        "steps-0-position": "1",
        "steps-0-item": str(a.pk),
        "steps-0-waits_for_positions": "2",
        "steps-1-id": str(s2.pk),
        "steps-1-chain": str(chain.pk),
        "steps-1-position": "2",
        "steps-1-item": str(b.pk),
        "steps-1-waits_for_positions": "1",
    }
    change = reverse("admin:catalog_chain_change", args=[chain.pk])
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert "前置环节形成循环" in response.content.decode()
    data["steps-0-waits_for_positions"] = ""
    assert admin_client.post(change, data).status_code == 302
    assert list(s2.waits_for.all()) == [s1]


def test_import_page_refuses_a_bad_file_with_line_numbers_and_changes_nothing(admin_client):
    demo.seed(stdout=io.StringIO(), password="x")
    export = admin_client.get(reverse("admin:catalog_item_export_json"))
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    doc = json.loads(export.content)
    doc["items"][2]["legal_limit_days"] = 0
    bad = SimpleUploadedFile("catalog.json", json.dumps(doc, ensure_ascii=False, indent=2).encode())
    response = admin_client.post(reverse("admin:catalog_item_import"), {"file": bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "目录未做任何改动" in page and "items[2]（第" in page
    assert Item.objects.get(code=doc["items"][2]["code"]).legal_limit_days != 0

    good = SimpleUploadedFile("catalog.json", export.content)
    response = admin_client.post(reverse("admin:catalog_item_import"), {"file": good})
    assert response.status_code == 302


def test_csv_export_opens_in_excel(admin_client):
    make_item(name="食品经营许可")
    response = admin_client.get(reverse("admin:catalog_item_export_csv"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff事项编码,实施主体编码,事项名称")
    assert "食品经营许可" in text


def test_staff_without_catalog_rights_cannot_import(client):
    user = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:catalog_item_import")).status_code == 403
