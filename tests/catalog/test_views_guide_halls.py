"""The guide per hall (issue 19): picker, the implementation at the picked hall, 全市通办."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.implementation_selectors import GUIDE_HALL_COOKIE
from catalog.models import ItemImplementation
from tests.catalog.network import build_network
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return build_network()


def detail(client, code, **params):
    return client.get(reverse("catalog:guide-detail", kwargs={"code": code}), params)


def test_township_shows_its_implementation_and_who_decides(client, net):
    response = detail(client, net.item.code, hall="t1")
    page = response.content.decode()
    assert "本大厅收件，由甲县政务服务中心甲县市场监管局审批（就近办）" in page
    for text in ("在东镇便民服务中心办理", "7个工作日", "基本目录10个工作日", "免费", "2号窗口", "东镇中街3号"):
        assert text in page, text
    assert "工作日 8:30—17:30" in page and "0635-1234567" in page
    # Remembered for the next page.
    assert response.cookies[GUIDE_HALL_COOKIE].value == "t1"
    # The online button starts the application at this hall.
    assert f"{reverse('portal:apply', kwargs={'code': net.item.code})}?hall=t1" in page


def test_picker_offers_only_receiving_halls_tree_indented(client, net):
    page = detail(client, net.item.code).content.decode()
    picker = page[page.index('data-testid="hall-picker"') :]
    picker = picker[: picker.index("</form>")]
    assert "甲县政务服务中心" in picker and "东镇便民服务中心" in picker and "西镇便民服务中心" in picker
    assert "乙县政务服务中心" not in picker and "东村便民服务站" not in picker
    assert "\u3000东镇便民服务中心（乡镇（街道）便民服务中心）" in picker
    # Default: the deciding hall (the department's), which decides itself.
    assert '<option value="cya" selected>' in picker
    assert "就近办" not in page and "5号窗口" in page


def test_cookie_remembers_the_hall_and_a_hall_that_cannot_receive_falls_back(client, net):
    client.cookies[GUIDE_HALL_COOKIE] = "t1"
    assert "本大厅收件" in detail(client, net.item.code).content.decode()
    page = detail(client, net.item.code, hall="cyb").content.decode()
    assert "您选择的大厅不受理此事项" in page
    assert "在甲县政务服务中心办理" in page


def test_citywide_item_is_received_anywhere_and_badged(client, net):
    page = detail(client, net.citywide.code, hall="v1").content.decode()
    assert "全市通办" in page
    assert "本大厅收件，由示范市政务服务中心市公安局审批（就近办）" in page
    assert "乙县政务服务中心" in page  # every hall may receive it


def test_local_figures_never_exceed_the_basic_ones(client, net):
    # A basic limit cut after the implementation was written: the guide shows the shorter one.
    ItemImplementation.objects.filter(item=net.item, hall=net.town1).update(promised_limit_days=30)
    page = detail(client, net.item.code, hall="t1").content.decode()
    assert "30个工作日" not in page and "10个工作日" in page


def test_list_filters_by_hall_with_local_limits(client, net):
    url = reverse("catalog:guide-list")
    page = client.get(url, {"hall": "t1"}).content.decode()
    assert "食品经营许可" in page and "户籍证明" in page
    assert "东镇承诺7个工作日" in page and "?hall=t1" in page
    page = client.get(url, {"hall": "cyb"}).content.decode()
    assert "户籍证明" in page and "食品经营许可" not in page
    # "全部大厅" forgets the remembered hall.
    client.cookies[GUIDE_HALL_COOKIE] = "cyb"
    response = client.get(url, {"hall": ""})
    assert "食品经营许可" in response.content.decode()
    assert response.cookies[GUIDE_HALL_COOKIE].value == ""


def test_query_counts_do_not_grow_with_rows(client, net):
    url = reverse("catalog:guide-list")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"hall": "t1"}).status_code == 200
        return len(ctx)

    before = count()
    for _ in range(6):
        extra = make_item(department=net.dept, promised_limit_days=10)
        ItemImplementation.objects.create(item=extra, hall=net.town1, department=net.dept, promised_limit_days=4)
    assert count() == before
    with CaptureQueriesContext(connection) as ctx:
        detail(client, net.item.code, hall="t1")
    at_township = len(ctx)
    with CaptureQueriesContext(connection) as ctx:
        detail(client, net.citywide.code, hall="v1")
    assert len(ctx) <= at_township + 1
