"""The HTTP payment provider against a small fake payment platform on 127.0.0.1 (a thread)."""

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fees import services
from fees.constants import ChargeStatus
from fees.providers import SIGNATURE_HEADER, HttpProvider, PaymentError, sign
from tests.factories import make_case

KEY = "test-shared-key"


class FakePlatform(BaseHTTPRequestHandler):
    payments = {}
    requests = []
    forge = False

    def log_message(self, *args):
        pass

    def _answer(self, code, body):
        raw = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header(SIGNATURE_HEADER, "0" * 64 if self.forge else sign(KEY, raw))
        self.end_headers()
        self.wfile.write(raw)

    def _body(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get(SIGNATURE_HEADER) != sign(KEY, raw):
            self._answer(401, {"error": "bad signature"})
            return None
        return json.loads(raw) if raw else {}

    def do_POST(self):  # noqa: N802
        body = self._body()
        if body is None:
            return
        type(self).requests.append((self.path, body))
        if self.path == "/payments":
            ref = f"P{len(self.payments) + 1:04d}"
            self.payments[ref] = {"reference": ref, "status": "pending", "amount": body["amount"]}
            return self._answer(201, {**self.payments[ref], "pay_url": f"https://pay.example/{ref}"})
        ref = self.path.split("/")[2]
        if ref not in self.payments or self.payments[ref]["status"] != "paid":
            return self._answer(409, {"error": "not paid"})
        self.payments[ref]["status"] = "refunded"
        return self._answer(200, self.payments[ref])

    def do_GET(self):  # noqa: N802
        if self._body() is None:
            return
        ref = self.path.rsplit("/", 1)[-1]
        if ref not in self.payments:
            return self._answer(404, {"error": "no such payment"})
        return self._answer(200, self.payments[ref])


@pytest.fixture
def platform():
    FakePlatform.payments, FakePlatform.requests, FakePlatform.forge = {}, [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePlatform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_create_query_refund_round_trip(platform):
    provider = HttpProvider(base_url=platform, key=KEY, timeout=5)
    payment = provider.create(order="SF2026000001", amount=Decimal("80"), description="不动产登记")
    assert payment.status == "pending" and payment.pay_url.endswith(payment.reference)
    assert FakePlatform.requests[0][1]["amount"] == "80.00"
    assert provider.query(reference=payment.reference).status == "pending"
    FakePlatform.payments[payment.reference]["status"] = "paid"
    assert provider.query(reference=payment.reference).status == "paid"
    assert provider.refund(reference=payment.reference, amount=Decimal("80"), reason="撤回").status == "refunded"


def test_wrong_key_unknown_payment_forged_answer_and_no_platform_are_errors(platform):
    with pytest.raises(PaymentError, match="HTTP 401"):
        HttpProvider(base_url=platform, key="wrong", timeout=5).create(order="X", amount=1, description="")
    provider = HttpProvider(base_url=platform, key=KEY, timeout=5)
    with pytest.raises(PaymentError, match="HTTP 404"):
        provider.query(reference="nope")
    FakePlatform.forge = True
    with pytest.raises(PaymentError, match="签名"):
        provider.create(order="Y", amount=1, description="")
    with pytest.raises(PaymentError, match="无法连接"):
        HttpProvider(base_url="http://127.0.0.1:9", key=KEY, timeout=2).query(reference="P0001")


@pytest.mark.django_db
def test_online_fee_through_the_http_platform(platform, paid_item, cast, settings):
    settings.HALL_FEES_PAYMENT_PROVIDER = "fees.providers.HttpProvider"
    settings.HALL_FEES_PAYMENT_URL, settings.HALL_FEES_PAYMENT_KEY = platform, KEY
    case = make_case(item=paid_item, cast=cast, channel="online", state="received")
    charge = services.charge_start_online(case=case, by=case.applicant_user)
    assert charge.pay_url.startswith("https://pay.example/")
    assert services.charge_confirm_online(charge=charge, by=case.applicant_user).status == ChargeStatus.PENDING
    FakePlatform.payments[charge.provider_reference]["status"] = "paid"
    charge = services.charge_confirm_online(charge=charge, by=case.applicant_user)
    assert charge.status == ChargeStatus.PAID
    charge = services.charge_refund(charge=charge, by=cast.desk, reason="重复缴费")
    assert charge.status == ChargeStatus.REFUNDED
    assert FakePlatform.payments[charge.provider_reference]["status"] == "refunded"
