"""REST: the 流转 action rows through approvals' endpoint, the transfer reads (scoped like cases)
and the hall tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import PaperTransfer
from tests.approvals.api_helpers import act, client_for
from tests.factories import make_applicant_user
from tests.network.helpers import township_case

pytestmark = pytest.mark.django_db


def test_send_and_receive_through_the_action_table(net):
    case = township_case(net)
    assert act(net.other_desk, case, "send-paper").status_code == 404  # another hall cannot even see it
    assert act(net.county_reviewer, case, "send-paper").status_code == 403
    response = act(net.town_desk, case, "send-paper", {"tracking_note": "EMS 1234"})
    assert response.status_code == 200, response.content
    assert act(net.town_desk, case, "send-paper").status_code in (403, 409)
    assert act(net.county_reviewer, case, "receive-paper").status_code == 200
    transfer = PaperTransfer.objects.get(case=case)
    assert transfer.status == "received" and transfer.tracking_note == "EMS 1234"
    assert transfer.sent_by == net.town_desk and transfer.received_by == net.county_reviewer


def _ids(user, **params):
    response = client_for(user).get("/api/v1/transfers/", params)
    assert response.status_code == 200, response.content
    return [row["case"] for row in response.json()["results"]]


def test_transfers_are_scoped(net):
    applicant = make_applicant_user()
    case = township_case(net)
    assert _ids(net.town_desk) == [case.number]
    assert _ids(net.town_desk, direction="out") == [case.number]
    assert _ids(net.town_desk, direction="in") == []
    assert _ids(net.county_reviewer, direction="in") == [case.number]
    assert _ids(net.other_desk) == []
    assert _ids(applicant) == []
    assert _ids(None) == []
    pk = PaperTransfer.objects.get(case=case).pk
    row = client_for(net.town_desk).get(f"/api/v1/transfers/{pk}/").json()
    assert row["from_hall_name"] == "铜城街道便民服务中心" and row["to_hall_name"] == "东阿县政务服务中心"
    assert row["level"] in ("green", "yellow")
    for user in (net.other_desk, applicant, None):
        assert client_for(user).get(f"/api/v1/transfers/{pk}/").status_code == 404


def test_own_applicant_follows_the_paper(net):
    applicant = make_applicant_user()
    case = township_case(net)
    from approvals.models import Case

    Case.objects.filter(pk=case.pk).update(applicant_user=applicant)
    assert _ids(applicant) == [case.number]


def test_list_queries_do_not_grow_with_rows(net):
    township_case(net)
    client = client_for(net.town_desk)
    client.get("/api/v1/transfers/")  # warm the user's caches
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/transfers/").status_code == 200
    for _ in range(3):
        township_case(net)
    with CaptureQueriesContext(connection) as four:
        response = client.get("/api/v1/transfers/")
    assert response.json()["count"] == 4
    assert len(four) == len(one)


def test_hall_tree_is_public_and_nested(net):
    response = client_for(None).get("/api/v1/halls/")
    assert response.status_code == 200
    roots = {node["code"]: node for node in response.json()}
    city = roots["LC"]
    county = city["children"][0]
    assert county["code"] == "DE" and county["parent"] == "LC"
    assert {c["code"] for c in county["children"]} == {"TQ", "GZ"}
    town = next(c for c in county["children"] if c["code"] == "TQ")
    assert town["address"] == "铜城街道1号" and town["level"] == "township"
    only = client_for(None).get("/api/v1/halls/", {"root": "DE"}).json()
    assert [n["code"] for n in only] == ["DE"]


def test_supervisors_see_their_hall_and_below(net):
    from hall.constants import Role
    from hall.services import staff_profile_set
    from tests.factories import make_user

    case = township_case(net)
    county_sup, other_sup = make_user(), make_user()
    staff_profile_set(user=county_sup, role=Role.SUPERVISOR, hall=net.county)
    staff_profile_set(user=other_sup, role=Role.SUPERVISOR, hall=net.other_town)
    assert _ids(county_sup) == [case.number]
    assert _ids(other_sup) == []
