"""What 好差评 learns from case events (registered in EvaluationsConfig.ready): a case registered at
a window is a window-service occasion; a delivered case invites an online rating."""

from approvals.constants import Action, CaseState, Channel
from approvals.events import subscribe
from approvals.models import Case
from evaluations.services.occasions import occasion_for_delivered_case, occasion_for_window_case


@subscribe("evaluations.occasions", actions={Action.CREATE.value, Action.DELIVER.value})
def open_occasions(message):
    if message.action == Action.CREATE and message.to_state == CaseState.RECEIVED:
        case = (
            Case.objects.filter(pk=message.case_id)
            .only("id", "channel", "window_id", "department_id", "item_id", "applicant_user_id")
            .first()
        )
        if case is not None and case.channel == Channel.WINDOW and case.window_id:
            occasion_for_window_case(case=case, staff_id=message.actor_id, at=message.at)
    elif message.action == Action.DELIVER:
        case = Case.objects.filter(pk=message.case_id).first()
        if case is not None:
            occasion_for_delivered_case(case=case, at=message.at)
