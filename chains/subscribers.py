"""What a 一件事 learns from its cases' events (registered in ChainsConfig.ready): a decision,
refusal or withdrawal moves the chain on (releases or stops the items waiting on it), a
delivery counts towards the chain's one pickup."""

from approvals.constants import Action
from approvals.events import subscribe
from chains.services import chain_follow_case


@subscribe(
    "chains.progress",
    actions={Action.DECIDE.value, Action.REFUSE.value, Action.WITHDRAW.value, Action.DELIVER.value},
)
def follow(message):
    chain_follow_case(
        case_id=message.case_id, action=message.action, to_state=message.to_state, note=message.note, at=message.at
    )
