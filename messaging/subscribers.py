"""What messaging learns from case events (registered in MessagingConfig.ready)."""

from approvals.events import subscribe
from messaging import services
from messaging.rendering import MESSAGE_ACTIONS


@subscribe("messaging.applicant-messages", actions={a.value for a in MESSAGE_ACTIONS})
def tell_the_applicant(message):
    """Rows only (in the cursor's transaction); SMS and e-mail go out from a task after commit."""
    services.messages_for_event(message=message)
