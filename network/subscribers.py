"""What the network learns from case events (registered in NetworkConfig.ready)."""

from approvals.constants import Action
from approvals.events import subscribe
from network import services

_ACTIONS = {a.value for a in services.PAPER_OPENING_ACTIONS} | {Action.ISSUE.value}


@subscribe("network.open-transfers", actions=_ACTIONS)
def open_transfers(message):
    """A case received at one hall and decided at another: open the paper's legs as they arise."""
    services.transfers_on_event(case_id=message.case_id, action=message.action, at=message.at)
