"""The desk's item picker in a network of halls: a clerk is offered only what their window's hall
can receive (its implementations, its own departments' items, 全市通办), as case_create would place it."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from approvals.models import Case
from catalog.models import ItemImplementation
from hall.constants import HallLevel, Role, WindowKind
from hall.models import StaffProfile
from hall.services import hall_save, window_save
from tests.factories import make_department, make_item, make_staff, resident_id
from tests.query_budgets.budget import measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    city = hall_save(code="pcity", name="示范市政务服务中心", level=HallLevel.CITY)
    town = hall_save(code="ptown", name="东镇便民服务中心", level=HallLevel.TOWNSHIP, parent=city)
    city_dept = make_department(code="pcity-scjg", name="市市场监管局", hall=city)
    town_dept = make_department(code="ptown-mz", name="东镇民政办", hall=town)
    implemented = make_item(department=city_dept, name="食品经营许可（镇可办）", code="P-IMPL")
    ItemImplementation.objects.create(item=implemented, hall=town, department=city_dept)
    withdrawn = make_item(department=city_dept, name="食品生产许可（镇已停办）", code="P-OFF")
    ItemImplementation.objects.create(item=withdrawn, hall=town, department=city_dept, is_active=False)

    def clerk(hall):
        window = window_save(number="1", name="综合受理窗口", kind=WindowKind.COMPREHENSIVE, hall=hall)
        return make_staff(role=Role.FRONT_DESK, window=window)

    return SimpleNamespace(
        city=city,
        town=town,
        city_dept=city_dept,
        implemented=implemented,
        withdrawn=withdrawn,
        city_only=make_item(department=city_dept, name="食品小作坊许可（市本级）", code="P-CITY"),
        citywide=make_item(department=city_dept, name="食品相关证明（全市通办）", code="P-WIDE", citywide=True),
        town_only=make_item(department=town_dept, name="食品救助许可（镇本级）", code="P-TOWN"),
        town_clerk=clerk(town),
        city_clerk=clerk(city),
    )


def picked(client, user, q="食品"):
    client.force_login(user)
    response = client.get(reverse("approvals:item-picker"), {"q": q})
    assert response.status_code == 200
    return {row["code"] for row in response.json()["results"]}


def test_a_town_clerk_is_offered_what_the_town_can_receive(client, net):
    assert picked(client, net.town_clerk) == {"P-IMPL", "P-WIDE", "P-TOWN"}


def test_a_city_clerk_is_offered_the_city_items_but_not_another_halls(client, net):
    assert picked(client, net.city_clerk) == {"P-IMPL", "P-OFF", "P-CITY", "P-WIDE"}


def test_without_a_window_the_clerk_is_offered_every_item_as_before(client, net):
    clerk = net.town_clerk
    StaffProfile.objects.filter(user=clerk).update(window=None)
    assert picked(client, clerk) == {"P-IMPL", "P-OFF", "P-CITY", "P-WIDE", "P-TOWN"}


def test_anonymous_is_sent_to_sign_in(client, net):
    response = client.get(reverse("approvals:item-picker"), {"q": "食品"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_desk_refuses_an_item_the_town_cannot_receive_at_once(client, net):
    client.force_login(net.town_clerk)
    data = {
        "item": net.city_only.code,
        "item_query": net.city_only.name,
        "applicant_type": "person",
        "name": "王小明",
        "id_number": resident_id(),
        "phone": "13912345678",
        "address": "东镇",
    }
    response = client.post(reverse("approvals:desk"), data)
    assert response.status_code == 400 and "没有找到该事项" in response.content.decode()
    assert not Case.objects.exists()
    # ?item= (a called ticket's item) does not preselect it either.
    page = client.get(reverse("approvals:desk"), {"item": net.city_only.code}).content.decode()
    assert net.city_only.name not in page


def test_the_picker_costs_the_same_however_many_items_and_implementations(client, net):
    client.force_login(net.town_clerk)
    url = reverse("approvals:item-picker") + "?q=食品"
    before = measure(client, url)
    for n in range(4):
        item = make_item(department=net.city_dept, name=f"食品许可{n}")
        ItemImplementation.objects.create(item=item, hall=net.town, department=net.city_dept)
        make_item(department=net.city_dept, name=f"食品证明{n}", citywide=True)
    after = measure(client, url)
    assert len(client.get(url).json()["results"]) == 11
    assert after.count == before.count, after.listing()
