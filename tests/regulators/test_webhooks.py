"""The signed webhook: delivered to a local receiver, retried with backoff while it is down,
dead-lettered after the last attempt and replayed from the admin."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from regulators import webhooks
from regulators.models import RegulatorEndpoint, WebhookDelivery
from regulators.services.webhooks import backoff_seconds, deliveries_sweep, delivery_attempt, delivery_replay

pytestmark = pytest.mark.django_db

SECRET = "s3cret-shared-with-scjg"


class Receiver:
    """A regulator's system on 127.0.0.1: records what it gets, answers `status`."""

    def __init__(self):
        self.received = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hall/handoffs"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def http(settings):
    settings.REGULATORS_WEBHOOK_TRANSPORT = "regulators.webhooks.HttpTransport"
    settings.REGULATORS_WEBHOOK_MAX_ATTEMPTS = 3
    settings.REGULATORS_WEBHOOK_BACKOFF_SECONDS = 30
    settings.REGULATORS_WEBHOOK_TIMEOUT = 2.0


def _endpoint(regulator, url):
    return RegulatorEndpoint.objects.create(department=regulator, url=url, secret=SECRET)


def test_delivered_signed_to_the_local_receiver(http, receiver, regulator, decided):
    _endpoint(regulator, receiver.url)
    case = decided("granted")
    delivery = WebhookDelivery.objects.get(handoff__case=case)
    assert delivery_attempt(delivery_id=delivery.pk) == "delivered"
    headers, body = receiver.received[0]
    assert webhooks.verify(
        secret=SECRET, timestamp=headers["X-Hall-Timestamp"], body=body, header=headers["X-Hall-Signature"]
    )
    assert not webhooks.verify(
        secret="wrong", timestamp=headers["X-Hall-Timestamp"], body=body, header=headers["X-Hall-Signature"]
    )
    payload = json.loads(body)
    assert payload["case_number"] == case.number and payload["regulator"] == "scjg"
    assert [m["name"] for m in payload["materials"]] == ["申请材料1", "申请材料2"]
    assert headers["X-Hall-Delivery"] == str(delivery.pk)
    # Delivered once: a duplicate task does nothing.
    assert delivery_attempt(delivery_id=delivery.pk) == ""
    assert len(receiver.received) == 1


def test_retried_with_backoff_while_down_then_dead_then_replayed(http, receiver, regulator, decided, admin_client):
    _endpoint(regulator, receiver.url)
    case = decided("granted")
    delivery = WebhookDelivery.objects.get(handoff__case=case)
    receiver.status = 503
    now = timezone.now()
    assert delivery_attempt(delivery_id=delivery.pk, now=now) == "pending"
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.next_attempt_at == now + timedelta(seconds=30)
    assert "503" in delivery.last_error
    assert delivery_attempt(delivery_id=delivery.pk, now=now + timedelta(seconds=10)) == ""  # not due yet
    later = now + timedelta(seconds=31)
    assert deliveries_sweep(now=later) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at == later + timedelta(seconds=backoff_seconds(2))
    assert backoff_seconds(2) == 60
    assert deliveries_sweep(now=later + timedelta(seconds=61)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.attempts == 3
    assert len(receiver.received) == 3
    # The receiver is back; an admin replays the dead letter from the list.
    receiver.status = 200
    changelist = reverse("admin:regulators_webhookdelivery_changelist")
    assert admin_client.get(changelist, {"status__exact": "dead"}).status_code == 200
    response = admin_client.post(changelist, {"action": "replay", "_selected_action": [delivery.pk]})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 0 and delivery.replayed_at
    assert deliveries_sweep() == 1
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.received) == 4


def test_a_receiver_that_is_not_there_is_retried(http, regulator, decided):
    _endpoint(regulator, "http://127.0.0.1:9/nobody-listens")
    delivery = WebhookDelivery.objects.get(handoff__case=decided("granted"))
    assert delivery_attempt(delivery_id=delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and delivery.last_error


def test_only_dead_letters_replay(regulator, decided):
    _endpoint(regulator, "http://127.0.0.1:9/x")
    delivery = WebhookDelivery.objects.get(handoff__case=decided("granted"))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="死信"):
        delivery_replay(delivery=delivery)


def test_the_demo_log_transport_delivers(regulator, decided):
    _endpoint(regulator, "http://regulator.example/hook")
    delivery = WebhookDelivery.objects.get(handoff__case=decided("granted"))
    assert delivery_attempt(delivery_id=delivery.pk) == "delivered"
