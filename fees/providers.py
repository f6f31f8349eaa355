"""Online payment providers (网上缴费). The hall talks to one through this small interface:

- create(*, order, amount, description) -> Payment   (a payment the payer completes at pay_url)
- query(*, reference) -> Payment                       (its status now)
- refund(*, reference, amount, reason) -> Payment      (money back to the payer)

`HttpProvider` speaks JSON over HTTP to a payment platform, every request and answer signed with
HMAC-SHA256 over the body (header X-Hall-Signature) with the shared key; `DemoProvider` is for
demos and training halls: a payment is paid as soon as it is queried. The setting
HALL_FEES_PAYMENT_PROVIDER names the class.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

SIGNATURE_HEADER = "X-Hall-Signature"
STATUSES = ("pending", "paid", "refunded", "closed")


class PaymentError(Exception):
    """The payment platform could not be reached or gave an answer the hall cannot trust."""


@dataclass(frozen=True)
class Payment:
    reference: str
    status: str
    pay_url: str = ""


def sign(key, body):
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def provider():
    return import_string(settings.HALL_FEES_PAYMENT_PROVIDER)()


class DemoProvider:
    """For demonstrations: every payment is paid the moment the hall asks about it."""

    def create(self, *, order, amount, description):
        return Payment(reference=f"DEMO-{order}", status="pending", pay_url="")

    def query(self, *, reference):
        return Payment(reference=reference, status="paid")

    def refund(self, *, reference, amount, reason):
        return Payment(reference=reference, status="refunded")


class HttpProvider:
    """A payment platform's JSON API: POST /payments, GET /payments/{ref}, POST /payments/{ref}/refund."""

    def __init__(self, *, base_url=None, key=None, timeout=None):
        self.base_url = (base_url if base_url is not None else settings.HALL_FEES_PAYMENT_URL).rstrip("/")
        self.key = key if key is not None else settings.HALL_FEES_PAYMENT_KEY
        self.timeout = timeout if timeout is not None else settings.HALL_FEES_PAYMENT_TIMEOUT
        if not self.base_url or not self.key:
            raise PaymentError(_("未配置网上支付平台地址或密钥。"))

    def create(self, *, order, amount, description):
        body = {"order": order, "amount": f"{Decimal(amount):.2f}", "description": description}
        return self._payment(self._call("POST", "/payments", body))

    def query(self, *, reference):
        return self._payment(self._call("GET", f"/payments/{urllib.parse.quote(reference, safe='')}", None))

    def refund(self, *, reference, amount, reason):
        body = {"amount": f"{Decimal(amount):.2f}", "reason": reason}
        path = f"/payments/{urllib.parse.quote(reference, safe='')}/refund"
        return self._payment(self._call("POST", path, body))

    def _call(self, method, path, body):
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        request = urllib.request.Request(self.base_url + path, data=data if body is not None else None, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header(SIGNATURE_HEADER, sign(self.key, data))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                raw, signature = response.read(), response.headers.get(SIGNATURE_HEADER, "")
        except urllib.error.HTTPError as exc:
            raise PaymentError(_("支付平台拒绝了请求（HTTP %(code)s）。") % {"code": exc.code}) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise PaymentError(_("支付平台暂时无法连接，请稍后再试或改用窗口收费。")) from exc
        if not hmac.compare_digest(signature, sign(self.key, raw)):
            raise PaymentError(_("支付平台应答的签名不正确，已拒绝。"))
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise PaymentError(_("支付平台应答格式不正确。")) from exc

    @staticmethod
    def _payment(answer):
        if not isinstance(answer, dict) or not answer.get("reference") or answer.get("status") not in STATUSES:
            raise PaymentError(_("支付平台应答格式不正确。"))
        return Payment(
            reference=str(answer["reference"])[:64],
            status=answer["status"],
            pay_url=str(answer.get("pay_url") or "")[:500],
        )
