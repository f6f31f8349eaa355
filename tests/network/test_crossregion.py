"""跨域通办: the signed handoff to a partner platform on 127.0.0.1, its retries, and the demo log."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from approvals.constants import Action
from network import crossregion
from network import services as ns
from network.models import CrossRegionHandoff
from tests.network.helpers import township_case

pytestmark = pytest.mark.django_db
KEY = "shared-with-lichuan"


class Partner:
    """Another city's platform: records the POSTs, answers the queued statuses (then 200)."""

    def __init__(self):
        self.received, self.statuses = [], []
        partner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                partner.received.append((dict(self.headers), body))
                status = partner.statuses.pop(0) if partner.statuses else 200
                answer = json.dumps({"reference": "LC-2026-0001"} if status == 200 else {"error": "x"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/handoffs"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def partner():
    p = Partner()
    yield p
    p.close()


def _client(partner, **kwargs):
    return crossregion.HttpClient(url=partner.url, key=KEY, timeout=2, sleep=lambda s: None, **kwargs)


def _handoff(net):
    case = township_case(net)
    return case, ns.handoff_create(case=case, by=net.town_desk, region_code="422802", region_name="利川市政务服务平台")


def test_handoff_is_signed_and_recorded(net, partner):
    case, handoff = _handoff(net)
    event = case.events.get(action=Action.CROSS_REGION_HANDOFF)
    assert "利川市政务服务平台" in event.note and "铜城街道便民服务中心" in event.note
    assert "*" in handoff.payload["applicant"]["id_number"]  # the row keeps a masked copy
    assert ns.handoff_send(handoff_id=handoff.pk, client=_client(partner)) == "sent"
    headers, body = partner.received[0]
    assert crossregion.verify(
        key=KEY, timestamp=headers["X-Hall-Timestamp"], body=body, header=headers["X-Hall-Signature"]
    )
    assert not crossregion.verify(
        key="wrong", timestamp=headers["X-Hall-Timestamp"], body=body, header=headers["X-Hall-Signature"]
    )
    sent = json.loads(body)
    assert sent["schema"] == "hall.cross-region.handoff/1"
    assert sent["case"]["number"] == case.number and sent["to_region"] == "422802"
    assert sent["applicant"]["id_number"] == case.applicant_id_number  # in full to the partner
    assert sent["receiving_hall"]["name"] == "铜城街道便民服务中心"
    assert headers["X-Hall-Delivery"] == str(handoff.delivery_id)
    handoff.refresh_from_db()
    assert (handoff.status, handoff.remote_reference, handoff.attempts) == ("sent", "LC-2026-0001", 1)
    assert ns.handoff_send(handoff_id=handoff.pk, client=_client(partner)) is None  # sent once


def test_retries_an_outage_with_the_same_delivery_id(net, partner):
    _case, handoff = _handoff(net)
    partner.statuses = [503, 429]
    assert ns.handoff_send(handoff_id=handoff.pk, client=_client(partner, attempts=3)) == "sent"
    assert len(partner.received) == 3
    assert len({h["X-Hall-Delivery"] for h, _b in partner.received}) == 1
    handoff.refresh_from_db()
    assert handoff.attempts == 3


def test_a_refused_body_is_not_retried(net, partner):
    _case, handoff = _handoff(net)
    partner.statuses = [400]
    assert ns.handoff_send(handoff_id=handoff.pk, client=_client(partner, attempts=3)) == "failed"
    assert len(partner.received) == 1
    handoff.refresh_from_db()
    assert handoff.status == "failed" and "HTTP 400" in handoff.last_error


def test_gives_up_when_nobody_answers(net):
    _case, handoff = _handoff(net)
    client = crossregion.HttpClient(
        url="http://127.0.0.1:9/none", key=KEY, timeout=0.5, attempts=2, sleep=lambda s: None
    )
    assert ns.handoff_send(handoff_id=handoff.pk, client=client) == "failed"
    handoff.refresh_from_db()
    assert handoff.attempts == 2 and handoff.last_error


def test_demo_log_backend(net, settings, tmp_path):
    settings.HALL_CROSS_REGION_LOG_PATH = str(tmp_path / "cross_region.log")
    settings.HALL_CROSS_REGION_CLIENT = "network.crossregion.LogClient"
    case, handoff = _handoff(net)
    assert ns.handoff_send(handoff_id=handoff.pk) == "sent"
    line = json.loads((tmp_path / "cross_region.log").read_text(encoding="utf-8").splitlines()[0])
    assert line["case"]["number"] == case.number
    assert CrossRegionHandoff.objects.get(pk=handoff.pk).remote_reference.startswith("LOG-")


def test_only_the_receiving_hall_hands_off(net):
    from django.core.exceptions import PermissionDenied

    case = township_case(net)
    with pytest.raises(PermissionDenied):
        ns.handoff_create(case=case, by=net.other_desk, region_code="422802", region_name="利川")


def test_handoff_through_the_action_table(net, settings, tmp_path):
    from tests.approvals.api_helpers import act

    settings.HALL_CROSS_REGION_LOG_PATH = str(tmp_path / "cross_region.log")
    case = township_case(net)
    body = {"region_code": "422802", "region_name": "利川市政务服务平台"}
    assert act(net.county_reviewer, case, "cross-region", body).status_code == 403
    assert act(net.town_desk, case, "cross-region", {"region_code": ""}).status_code == 400
    response = act(net.town_desk, case, "cross-region", body)
    assert response.status_code == 200, response.content
    assert CrossRegionHandoff.objects.get(case=case).region_code == "422802"
    assert act(net.town_desk, case, "cross-region", body).status_code == 409
