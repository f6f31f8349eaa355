"""The 流转 list page and the case page's panel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import PaperTransfer
from tests.network.helpers import township_case

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_list_shows_the_send_button_and_posts_through_the_action_row(client, net):
    case = township_case(net)
    c = _client(client, net.town_desk)
    url = reverse("network:transfers")
    page = c.get(url, {"direction": "out"})
    assert page.status_code == 200
    html = page.content.decode()
    assert case.number in html and 'data-action="send-paper"' in html and "东阿县政务服务中心" in html
    response = c.post(
        reverse("approvals:case-action", args=[case.number, "send-paper"]),
        {"send-paper-tracking_note": "机要 7", "next": url + "?direction=out"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?direction=out")
    transfer = PaperTransfer.objects.get(case=case)
    assert transfer.status == "sent" and transfer.tracking_note == "机要 7"


def test_another_hall_sees_nothing(client, net):
    case = township_case(net)
    html = _client(client, net.other_desk).get(reverse("network:transfers"), {"status": "all"}).content.decode()
    assert case.number not in html


def test_list_queries_do_not_grow_with_rows(client, net):
    township_case(net)
    c = _client(client, net.town_desk)
    url = reverse("network:transfers")
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    for _ in range(3):
        township_case(net)
    with CaptureQueriesContext(connection) as four:
        html = c.get(url).content.decode()
    assert html.count('data-action="send-paper"') == 4
    assert len(four) == len(one)


def test_case_page_panel_shows_both_halls_and_the_receive_button(client, net):
    from network import services as ns

    case = township_case(net)
    ns.case_send_paper(case=case, by=net.town_desk)
    html = _client(client, net.county_reviewer).get(reverse("approvals:case", args=[case.number])).content.decode()
    assert 'id="network-halls"' in html
    assert "铜城街道便民服务中心" in html and "东阿县政务服务中心" in html
    assert 'data-action="receive-paper"' in html
