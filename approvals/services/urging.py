"""督办: a supervisor urges the department on a case it holds. Not a state change, one event."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from approvals import policies
from approvals.constants import URGEABLE_STATES, Action, CaseState
from approvals.services._base import CaseConflict, blank, case_transaction, lock_case, write_event


def case_urge(*, case, note, by):
    """Record the urge on the case's (internal) timeline; the caller fans out notifications."""
    if blank(note):
        raise ValidationError({"note": [_("督办必须填写督办意见。")]})
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.URGE, case)
        if case.state not in URGEABLE_STATES:
            raise CaseConflict(
                _("办件当前状态为“%(state)s”，只能督办已推送、审查中或中止计时的办件。")
                % {"state": CaseState(case.state).label},
                object=case,
                method="urge",
            )
        event = write_event(case, action=Action.URGE, from_state=case.state, by=by, note=note.strip(), public=False)
    return event
