import io

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from catalog import demo
from catalog.models import Item

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo catalog once for this module (read-only tests)."""
    with django_db_blocker.unblock():
        demo.seed(stdout=io.StringIO(), password="x")
    yield
    with django_db_blocker.unblock():
        from catalog.models import Chain, Department, Item

        Chain.objects.all().delete()
        Item.objects.all().delete()
        Department.objects.all().delete()


@pytest.fixture
def api():
    return APIClient()


def test_departments_list_with_item_counts(api):
    body = api.get("/api/v1/departments/").json()
    assert body["count"] >= 8
    scjg = next(d for d in body["results"] if d["code"] == "scjg")
    assert scjg["name"] == "市场监督管理局" and scjg["item_count"] >= 5


def test_items_are_paginated_and_filterable(api):
    body = api.get("/api/v1/items/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] >= 40 and len(body["results"]) == 20 and body["next"]
    codes = [i["code"] for i in api.get("/api/v1/items/?department=scjg&kind=instant&page_size=100").json()["results"]]
    assert "SCJG-GTGSH-DJ" in codes and "SCJG-SPJY-XK" not in codes
    found = api.get("/api/v1/items/", {"q": "spjyxk"}).json()["results"]
    assert [i["code"] for i in found] == ["SCJG-SPJY-XK"]
    offline = api.get("/api/v1/items/?online=false&page_size=100").json()["results"]
    assert offline and all(i["online"] is False for i in offline)


def test_bad_filter_values_are_400_in_chinese(api):
    response = api.get("/api/v1/items/?kind=slow&online=maybe")
    assert response.status_code == 400
    body = response.json()
    assert "kind" in body and "online" in body


def test_item_detail_has_materials_steps_and_limits(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/items/SCJG-SPJY-XK/")
    item = response.json()
    assert (item["legal_limit_days"], item["promised_limit_days"]) == (20, 5)
    assert item["limits_text"] == "法定20个工作日，承诺5个工作日"
    assert item["department"]["code"] == "scjg"
    assert item["materials"][0]["name"] == "食品经营许可申请书"
    assert {"id", "name", "required", "template_url", "sample_url"} <= set(item["materials"][0])
    assert item["materials"][0]["template_url"].endswith("/template/")
    assert [s["name"] for s in item["steps"]][:3] == ["受理", "审查", "现场核查"]
    assert api.get("/api/v1/items/NOPE/").status_code == 404


def test_items_list_does_not_query_per_row(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        api.get("/api/v1/items/?page_size=100")


def test_chains_show_their_steps_and_what_they_wait_for(api):
    chains = {c["code"]: c for c in api.get("/api/v1/chains/").json()["results"]}
    assert {"kbqy", "kcg"} <= set(chains)
    assert [s["waits_for"] for s in chains["kbqy"]["steps"]] == [[], [], [], [], []]
    kcg = api.get("/api/v1/chains/kcg/").json()
    assert [(s["item"], s["waits_for"]) for s in kcg["steps"]] == [
        ("SCJG-GTGSH-DJ", []),
        ("SCJG-SPJY-XK", [1]),
        ("WSJK-GGCS-WSXK", [2]),
    ]


def test_the_catalog_api_is_read_only_even_for_staff(api):
    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    api.force_authenticate(staff)
    assert api.post("/api/v1/items/", {"code": "X"}, format="json").status_code == 405
    assert api.delete("/api/v1/items/SCJG-SPJY-XK/").status_code == 405


def test_openapi_schema_lists_the_catalog_endpoints(api):
    schema = api.get("/api/schema/?format=json").json()
    for route in ("/api/v1/departments/", "/api/v1/items/", "/api/v1/items/{code}/", "/api/v1/chains/{code}/"):
        assert route in schema["paths"], route
    params = {p["name"] for p in schema["paths"]["/api/v1/items/"]["get"]["parameters"]}
    assert {"department", "kind", "online", "q", "page"} <= params


def test_hall_admin_imports_through_the_api_all_or_nothing(api):
    admin = get_user_model().objects.create_superuser("api-admin", password="x")
    clerk = get_user_model().objects.create_user("api-clerk", password="x", is_staff=True)
    api.force_authenticate(clerk)
    assert api.get("/api/v1/catalog/export/").status_code == 403
    api.force_authenticate(admin)
    doc = api.get("/api/v1/catalog/export/").json()
    doc["items"][1]["promised_limit_days"] = 99
    response = api.post("/api/v1/catalog/import/", doc, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "发现 1 处错误，目录未做任何改动。"
    assert body["problems"][0]["where"] == "items[1]"
    assert "不得超过法定办结时限" in body["problems"][0]["message"]
    code = doc["items"][1]["code"]
    original = doc["items"][1]["promised_limit_days"] = Item.objects.get(code=code).promised_limit_days
    doc["items"][1]["notes"] = "经 API 导入"
    response = api.post("/api/v1/catalog/import/", doc, format="json")
    assert response.status_code == 200, response.json()
    item = Item.objects.get(code=doc["items"][1]["code"])
    assert (item.notes, item.promised_limit_days) == ("经 API 导入", original)
    assert api.post("/api/v1/catalog/import/", {}, format="json").status_code == 400


def test_search_keeps_best_match_first_when_filtered(api):
    found = api.get("/api/v1/items/", {"q": "食品", "department": "scjg"}).json()["results"]
    assert found[0]["code"] in {"SCJG-SPJY-XK", "SCJG-SPXZF-DJ"}  # names starting with 食品 first
