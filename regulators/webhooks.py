"""The signed webhook to a regulator's own system: signing, and the transports that post it.

Every POST carries
    X-Hall-Event: handoff
    X-Hall-Delivery: <delivery id>          (the same id on every retry: receivers de-duplicate)
    X-Hall-Timestamp: <unix seconds>
    X-Hall-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret>
A receiver recomputes the HMAC over the raw body and compares in constant time. Any 2xx is
delivered; anything else (or no answer) is retried with exponential backoff, then dead-lettered.
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("regulators.webhooks")

SIGNATURE_HEADER = "X-Hall-Signature"
TIMESTAMP_HEADER = "X-Hall-Timestamp"
DELIVERY_HEADER = "X-Hall-Delivery"
EVENT_HEADER = "X-Hall-Event"


def signature(*, secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(*, secret, timestamp, body, header):
    return hmac.compare_digest(signature(secret=secret, timestamp=timestamp, body=body), header or "")


class TransportError(Exception):
    """No answer from the receiver (refused, timed out, …)."""


class HttpTransport:
    """Posts with requests; returns the HTTP status code."""

    def post(self, *, url, body, headers):
        import requests

        try:
            response = requests.post(url, data=body, headers=headers, timeout=settings.REGULATORS_WEBHOOK_TIMEOUT)
        except requests.RequestException as exc:
            raise TransportError(str(exc)[:500]) from exc
        return response.status_code


class LogTransport:
    """The demo's transport: writes the delivery to the log and reports success."""

    def post(self, *, url, body, headers):
        logger.info("webhook to %s (%s): %s", url, headers.get(DELIVERY_HEADER), body[:500])
        return 200


def transport():
    return import_string(settings.REGULATORS_WEBHOOK_TRANSPORT)()
