"""Admin: the hall tree with counts, and the 实施清单 inline on an item."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.models import ItemImplementation
from hall.services import window_save
from tests.catalog.network import build_network
from tests.catalog.test_admin import _item_post, _management

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("hall-admin", password="x"))
    return client


@pytest.fixture
def net():
    return build_network()


def test_hall_changelist_is_tree_ordered_with_counts(admin_client, net):
    window_save(number="1", name="综合受理", kind="comprehensive", hall=net.town1)
    window_save(number="2", name="综合受理", kind="comprehensive", hall=net.town1)
    page = admin_client.get(reverse("admin:hall_hall_changelist")).content.decode()
    names = [
        "示范市政务服务中心",
        "甲县政务服务中心",
        "东镇便民服务中心",
        "东村便民服务站",
        "西镇便民服务中心",
        "乙县政务服务中心",
    ]
    positions = [page.index(n) for n in names]
    assert positions == sorted(positions)
    assert "\u3000\u3000东镇便民服务中心" in page
    assert "窗口数" in page and "工作人员数" in page


def test_moving_a_hall_in_the_admin_moves_its_subtree(admin_client, net):
    change = reverse("admin:hall_hall_change", args=[net.town1.pk])
    data = {
        "code": "t1",
        "name": "东镇便民服务中心",
        "short_name": "东镇",
        "level": "township",
        "parent": str(net.county_b.pk),
        "address": "",
        "hours": "",
        "phone": "",
        "seal_line": "",
        "sort_order": "100",
        "is_active": "on",
    }
    assert admin_client.post(change, data).status_code == 302
    net.village.refresh_from_db()
    assert net.village.path == "/city/cyb/t1/v1/"


def test_item_admin_edits_implementations_inline_and_refuses_a_longer_limit(admin_client, net):
    item = net.item
    change = reverse("admin:catalog_item_change", args=[item.pk])
    assert "实施清单（各大厅）" in admin_client.get(change).content.decode()
    existing = list(ItemImplementation.objects.filter(item=item).order_by("hall__path"))
    data = _item_post(item.department, code=item.code, promised_limit_days="10")
    data.update(_management("materials", 0))
    data.update(_management("steps", 0))
    data.update(_management("implementations", 3, 2))
    for n, impl in enumerate(existing):
        data.update(
            {
                f"implementations-{n}-id": str(impl.pk),
                f"implementations-{n}-item": str(item.pk),
                f"implementations-{n}-hall": str(impl.hall_id),
                f"implementations-{n}-department": str(impl.department_id),
                f"implementations-{n}-promised_limit_days": str(impl.promised_limit_days or ""),
                f"implementations-{n}-is_active": "on",
            }
        )
    data.update(
        {
            "implementations-2-hall": str(net.village.pk),
            "implementations-2-department": str(net.dept.pk),
            "implementations-2-promised_limit_days": "12",
            "implementations-2-is_active": "on",
        }
    )
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert "不得长于基本目录的 10 个工作日" in response.content.decode()
    data["implementations-2-promised_limit_days"] = "6"
    response = admin_client.post(change, data)
    assert response.status_code == 302
    assert ItemImplementation.objects.get(item=item, hall=net.village).promised_limit_days == 6
