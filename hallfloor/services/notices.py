"""Text messages to applicants: a Notification row in the caller's transaction, sent on commit."""

import logging

from django.db import transaction
from django.utils import timezone

from hallfloor.constants import NotificationStatus
from hallfloor.models import Notification
from hallfloor.sealing import seal, unseal

logger = logging.getLogger("hallfloor.sms")


def notification_queue(*, kind, source, text, summary, **refs):
    """Store the message for the phone kept (sealed) on `source`; send it after commit."""
    if not source.phone_sealed:
        return None
    note = Notification.objects.create(
        kind=kind,
        text_sealed=seal(text),
        summary=summary[:200],
        phone_masked=source.phone_masked,
        phone_hash=source.phone_hash,
        phone_sealed=source.phone_sealed,
        **refs,
    )
    transaction.on_commit(lambda: notification_send(notification_id=note.pk))
    return note


def notification_send(*, notification_id):
    """Hand one pending message to the SMS backend; mark it sent or failed (never raises)."""
    from hallfloor.notify import send_text

    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if note is None or note.status == NotificationStatus.SENT:
            return note
        try:
            send_text(phone=unseal(note.phone_sealed), text=unseal(note.text_sealed))
        except Exception as exc:  # a gateway failure must not break the floor
            logger.exception("SMS %s failed", notification_id)
            note.status, note.error = NotificationStatus.FAILED, str(exc)[:300]
        else:
            note.status, note.sent_at = NotificationStatus.SENT, timezone.now()
        note.save(update_fields=["status", "error", "sent_at"])
    return note
