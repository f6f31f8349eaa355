"""督办 (urge) as a row of the case action table: registered by SupervisionConfig.ready(), so the
REST endpoint `POST /api/v1/cases/{number}/urge/` and its schema come from approvals' table
while approvals never imports supervision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.action_forms import TEXT_MAX, ActionForm
from approvals.actions import API, CaseAction
from approvals.constants import URGEABLE_STATES, Action
from supervision.services import case_urge_and_notify


class UrgeForm(ActionForm):
    # Blank passes here so the service gives its own Chinese message for a missing note.
    note = forms.CharField(
        label=_("督办意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX, required=False
    )


URGE = CaseAction(
    slug="urge",
    event=Action.URGE,
    states=URGEABLE_STATES,
    service=case_urge_and_notify,
    form=UrgeForm,
    label=_("督办"),
    done=_("已督办办件 {case}，已通知{department}。"),
    summary=_("督办（仅督查人员；须填写督办意见，通知部门审查人员和首席代表）"),
    order=300,
    on=frozenset({API}),  # the case page has its own 督办 card (supervision.board_views.urge)
)
