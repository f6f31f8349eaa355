"""Budgets of the network of halls: the 流转 list, its API, the public hall tree and 实施清单 (issue 19)."""

import pytest
from django.urls import reverse

from catalog.models import ItemImplementation
from hall.constants import HallLevel
from hall.services import hall_save
from network.models import PaperTransfer
from tests.network.helpers import build_network, township_case
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


def more_cases(net, n=4):
    def make():
        for _ in range(n):
            township_case(net)

    return make


def test_transfer_page():
    net = build_network()
    township_case(net)
    assert_budget(page_client(net.town_desk), "network:transfers", add_rows=more_cases(net))


def test_transfer_api_list():
    net = build_network()
    township_case(net)
    assert_budget(api_client(net.town_desk), "api-transfers", add_rows=more_cases(net))


def test_transfer_api_detail():
    net = build_network()
    first = PaperTransfer.objects.get(case=township_case(net))

    def another():
        return reverse("api-transfer", kwargs={"pk": PaperTransfer.objects.get(case=township_case(net)).pk})

    assert_budget(api_client(net.town_desk), "api-transfer", kwargs={"pk": first.pk}, add_rows=another)


def test_hall_tree():
    net = build_network()

    def more_halls():
        for n in range(6):
            hall_save(code=f"x{n}", name=f"新镇{n}", level=HallLevel.TOWNSHIP, parent=net.county)

    assert_budget(page_client(None), "api-halls", add_rows=more_halls)


def test_item_implementations():
    net = build_network()

    def more_halls():
        for n in range(5):
            hall = hall_save(code=f"y{n}", name=f"另镇{n}", level=HallLevel.TOWNSHIP, parent=net.county)
            ItemImplementation.objects.create(item=net.item, hall=hall, department=net.item.department)

    assert_budget(page_client(None), "item-implementations", kwargs={"code": net.item.code}, add_rows=more_halls)
