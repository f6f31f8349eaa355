"""What commitments learns from case events (registered in CommitmentsConfig.ready)."""

from approvals.constants import Action
from approvals.events import subscribe
from commitments import services

ACCEPTED = {Action.ACKNOWLEDGE, Action.DEEM_ACCEPTED, Action.ACCEPT_ON_THE_SPOT}


@subscribe("commitments.open-at-acceptance", actions={a.value for a in ACCEPTED})
def open_commitments(message):
    """At acceptance every promised or deficient material gets its own clock and reminders."""
    accepted_at = (message.payload or {}).get("accepted_at")
    from datetime import datetime

    start = datetime.fromisoformat(accepted_at) if accepted_at else message.at
    services.commitments_open(case_id=message.case_id, accepted_at=start)
