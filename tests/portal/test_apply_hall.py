"""Applying online at a hall of the network (issue 19): pick the receiving hall (就近办); the
deciding hall by default; a hall that cannot receive the item is refused in Chinese."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from approvals.models import Case
from tests.catalog.network import build_network
from tests.factories import make_applicant_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return build_network()


@pytest.fixture
def applicant():
    return make_applicant_user(username="applicant", name="张三")


def apply_url(item):
    return reverse("portal:apply", kwargs={"code": item.code})


def test_apply_page_offers_the_receiving_halls_with_the_guide_pick_selected(client, net, applicant):
    client.force_login(applicant)
    page = client.get(apply_url(net.item), {"hall": "t1"}).content.decode()
    picker = page[page.index('data-testid="receiving-hall"') :]
    assert '<option value="t1" selected>' in picker
    assert "西镇便民服务中心" in picker and "乙县政务服务中心" not in picker
    assert '<option value="cya" selected>' in client.get(apply_url(net.item)).content.decode()


def test_applying_at_a_township_is_received_there_and_decided_at_the_county(client, net, applicant):
    client.force_login(applicant)
    response = client.post(apply_url(net.item), {"hall": "t1"})
    assert response.status_code == 302
    case = Case.objects.get(applicant_user=applicant)
    assert case.hall == net.town1 and case.decision_hall == net.county
    assert case.department == net.dept and case.local_limit_days == 7


def test_default_is_the_deciding_hall(client, net, applicant):
    client.force_login(applicant)
    assert client.post(apply_url(net.item)).status_code == 302
    case = Case.objects.get(applicant_user=applicant)
    assert case.hall == net.county and case.decision_hall == net.county


def test_a_hall_that_cannot_receive_the_item_is_a_clear_error(client, net, applicant):
    client.force_login(applicant)
    response = client.post(apply_url(net.item), {"hall": "cyb"})
    assert response.status_code == 400
    assert "乙县政务服务中心不受理此事项，请到实施该事项的大厅办理。" in response.content.decode()
    response = client.post(apply_url(net.item), {"hall": "nosuch"})
    assert response.status_code == 400 and "所选大厅不存在或已停用" in response.content.decode()
    assert not Case.objects.filter(applicant_user=applicant).exists()


def test_citywide_item_at_a_village_point(client, net, applicant):
    client.force_login(applicant)
    assert client.post(apply_url(net.citywide), {"hall": "v1"}).status_code == 302
    case = Case.objects.get(applicant_user=applicant)
    assert case.hall == net.village and case.decision_hall == net.city


def test_rest_create_accepts_an_optional_hall(net, applicant):
    api = APIClient()
    api.force_authenticate(applicant)
    response = api.post("/api/v1/cases/", {"item": net.item.code, "draft": True, "hall": "t2"}, format="json")
    assert response.status_code == 201, response.json()
    assert Case.objects.get(number=response.json()["number"]).hall == net.town2
    refused = api.post("/api/v1/cases/", {"item": net.item.code, "draft": True, "hall": "cyb"}, format="json")
    assert refused.status_code == 400 and "hall" in refused.json()
    unknown = api.post("/api/v1/cases/", {"item": net.item.code, "draft": True, "hall": "nosuch"}, format="json")
    assert unknown.status_code == 400 and "大厅不存在" in unknown.json()["hall"][0]
