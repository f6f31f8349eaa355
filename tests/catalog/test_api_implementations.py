"""GET /api/v1/items/{code}/implementations/: the 实施清单, public and read-only."""

import pytest
from rest_framework.test import APIClient

from catalog.models import ItemImplementation
from tests.catalog.network import build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return build_network()


def test_implementations_are_listed_in_tree_order_with_local_figures(net, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = APIClient().get(f"/api/v1/items/{net.item.code}/implementations/")
    assert response.status_code == 200
    body = response.json()
    assert body["item"] == net.item.code and body["citywide"] is False
    rows = body["implementations"]
    assert [r["hall"]["code"] for r in rows] == ["t1", "t2"]
    first = rows[0]
    assert first["department"]["code"] == "cya-scjg" and first["decision_hall"] == "cya"
    assert first["receives_only"] is True and first["promised_limit_days"] == 7
    assert first["fee_note"] == "免费" and first["window_numbers"] == "2号窗口"
    assert first["hall"]["address"] == "东镇中街3号" and first["hall"]["level"] == "township"
    assert rows[1]["promised_limit_days"] == 10  # none set: the basic one


def test_queries_do_not_grow_with_rows_and_limits_never_exceed_basic(net, django_assert_max_num_queries):
    from hall.constants import HallLevel
    from hall.services import hall_save

    for n in range(5):
        hall = hall_save(code=f"x{n}", name=f"镇{n}", level=HallLevel.TOWNSHIP, parent=net.county)
        ItemImplementation.objects.create(item=net.item, hall=hall, department=net.dept)
    ItemImplementation.objects.filter(hall=net.town1).update(promised_limit_days=99)
    with django_assert_max_num_queries(3):
        rows = APIClient().get(f"/api/v1/items/{net.item.code}/implementations/").json()["implementations"]
    assert len(rows) == 7 and max(r["promised_limit_days"] for r in rows) == 10


def test_unknown_item_is_404_and_writes_are_refused(net):
    api = APIClient()
    assert api.get("/api/v1/items/NOPE/implementations/").status_code == 404
    assert api.post(f"/api/v1/items/{net.item.code}/implementations/", {}).status_code in (401, 403, 405)
    assert api.get(f"/api/v1/items/{net.citywide.code}/").json()["citywide"] is True


def test_openapi_documents_the_endpoint_and_the_hall_of_case_create(net):
    import json

    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/items/{code}/implementations/" in schema["paths"]
    text = json.dumps(schema, ensure_ascii=False)
    assert "受理大厅代码" in text and "全市通办" in text
