"""Celery tasks of messaging: take ids, call one service."""

from celery import shared_task

from messaging import services


@shared_task(name="messaging.send_message", bind=True, max_retries=None, acks_late=True)
def send_message(self, message_id):
    """Send one message; on a temporary failure try again with exponential backoff until the
    message row says it has had its HALL_SMS_MAX_RETRIES retries (then it is recorded failed)."""
    from messaging.models import Message

    outcome = services.message_send(message_id=message_id)
    if outcome == services.RETRY:
        attempts = Message.objects.filter(pk=message_id).values_list("attempts", flat=True).first() or 1
        raise self.retry(countdown=services.backoff_seconds(attempts))
    return outcome


@shared_task(name="messaging.sweep_pending_messages")
def sweep_pending_messages():
    """The backstop (beat): messages whose task was lost or whose worker died."""
    return services.messages_sweep()
