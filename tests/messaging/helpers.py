"""Deliver case events and send the messages they made, in the test process (no worker)."""

from approvals.services.publishing import deliver_all_pending
from messaging import services
from messaging.constants import Status
from messaging.models import Message


def deliver_and_send():
    """Case events to the subscribers, then every pending external message sent once."""
    deliver_all_pending()
    outcomes = []
    for pk in Message.objects.filter(status=Status.PENDING).order_by("pk").values_list("pk", flat=True):
        outcomes.append(services.message_send(message_id=pk))
    return outcomes


def sms_lines(path):
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []
