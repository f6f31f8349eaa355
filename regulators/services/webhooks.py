"""Deliveries of handoffs to regulators' systems: attempt, retry with backoff, dead letter, replay."""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regulators import webhooks
from regulators.constants import DeliveryStatus
from regulators.models import WebhookDelivery

logger = logging.getLogger("regulators.webhooks")


def payload_for(handoff):
    return {
        "event": "handoff",
        "handoff_id": handoff.pk,
        "kind": handoff.kind,
        "regulator": handoff.regulator.code,
        "created_at": timezone.localtime(handoff.created_at).isoformat(),
        "acknowledge_by": timezone.localtime(handoff.deadline_at).isoformat(),
        "acknowledge_url": f"/api/v1/regulators/handoffs/{handoff.pk}/acknowledge/",
        "reason": handoff.reason,
        **handoff.summary,
    }


def enqueue_attempt(delivery_id, countdown=0):
    def send():
        from regulators import tasks

        try:
            tasks.deliver_webhook.apply_async(args=[delivery_id], countdown=countdown)
        except Exception:  # the broker is down: the sweep sends it
            logger.exception("could not enqueue webhook delivery %s", delivery_id)

    transaction.on_commit(send)


def delivery_create(*, handoff, endpoint):
    """In the caller's transaction: a pending delivery, attempted on commit."""
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        handoff=handoff, endpoint=endpoint, payload=payload_for(handoff), created_at=now, next_attempt_at=now
    )
    enqueue_attempt(delivery.pk)
    return delivery


def backoff_seconds(attempts):
    """30 s, 60 s, 120 s … after the 1st, 2nd, 3rd failure (base from settings)."""
    return settings.REGULATORS_WEBHOOK_BACKOFF_SECONDS * (2 ** max(0, attempts - 1))


def delivery_attempt(*, delivery_id, now=None):
    """Post one pending delivery that is due. The row stays locked while posting, so two
    workers never post the same delivery at once; a delivered or dead row is left alone.
    Returns the delivery's status afterwards, or "" if nothing was attempted."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return ""
        endpoint = delivery.endpoint
        body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True).encode()
        timestamp = str(int(now.timestamp()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            webhooks.EVENT_HEADER: "handoff",
            webhooks.DELIVERY_HEADER: str(delivery.pk),
            webhooks.TIMESTAMP_HEADER: timestamp,
            webhooks.SIGNATURE_HEADER: webhooks.signature(secret=endpoint.secret, timestamp=timestamp, body=body),
        }
        delivery.attempts += 1
        code, error = None, ""
        try:
            code = webhooks.transport().post(url=endpoint.url, body=body, headers=headers)
        except webhooks.TransportError as exc:
            error = str(exc) or _("接收方无响应")
        delivery.last_status_code = code
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at, delivery.last_error = DeliveryStatus.DELIVERED, now, ""
            delivery.next_attempt_at = None
        else:
            delivery.last_error = error or _("接收方返回 HTTP %(code)s") % {"code": code}
            if delivery.attempts >= settings.REGULATORS_WEBHOOK_MAX_ATTEMPTS:
                delivery.status, delivery.next_attempt_at = DeliveryStatus.DEAD, None
            else:
                delay = backoff_seconds(delivery.attempts)
                delivery.next_attempt_at = now + timedelta(seconds=delay)
                enqueue_attempt(delivery.pk, countdown=delay)
        delivery.save()
    return delivery.status


def deliveries_sweep(*, now=None, limit=200):
    """Beat backstop: attempt every pending delivery that is due."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in ids if delivery_attempt(delivery_id=pk, now=now))


def delivery_replay(*, delivery, by=None):
    """From the dead-letter list: try again from the start (attempts reset), now."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != DeliveryStatus.DEAD:
            raise ValidationError(_("只有投递失败（死信）的记录可以重放。"))
        now = timezone.now()
        delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, now
        delivery.replayed_at = now
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "replayed_at"])
        enqueue_attempt(delivery.pk)
    return delivery
