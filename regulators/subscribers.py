"""What 审管互动 learns from case events (registered in RegulatorsConfig.ready).

- decide (granted or denied): push the case to every regulator of its item;
- withdraw: a joint review still open on the case ends (nobody need answer any more);
- issue: add the certificate to the handoffs already pushed;
- any action named in settings.REGULATORS_REPUSH_ACTIONS (a revocation or change of the
  licence, e.g. the commitments app's): push the case again as that kind.
"""

from django.conf import settings

from approvals.constants import Action
from approvals.events import subscribe
from regulators.services.handoffs import handoffs_push, handoffs_refresh_result, repush_kind
from regulators.services.joint_reviews import joint_reviews_end_for_withdrawn

ACTIONS = {Action.DECIDE.value, Action.ISSUE.value, Action.WITHDRAW.value, *settings.REGULATORS_REPUSH_ACTIONS}


@subscribe("regulators.handoffs", actions=ACTIONS)
def push_to_regulators(message):
    if message.action == Action.WITHDRAW:
        joint_reviews_end_for_withdrawn(case_id=message.case_id, at=message.at)
        return
    if message.action == Action.ISSUE:
        handoffs_refresh_result(case_id=message.case_id)
        return
    kind = repush_kind(message.action)
    if kind is None:
        return
    handoffs_push(
        case_id=message.case_id, source_event_id=message.event_id, kind=kind, at=message.at, reason=message.note
    )
