"""The 流转 steps as rows of approvals' ONE case action table (registered by NetworkConfig.ready()):
REST `POST /api/v1/cases/{number}/send-paper/` etc., the staff case page's buttons and the 流转
list's buttons all come from these rows, while approvals never imports the network."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.action_forms import ActionForm
from approvals.actions import API, WORKBENCH, CaseAction
from approvals.constants import Action, CaseState
from hall.selectors import staff_profile_of
from network import policies, services
from network.constants import TransferKind


class SendForm(ActionForm):
    tracking_note = forms.CharField(
        label=_("寄送方式/单号"),
        max_length=200,
        required=False,
        help_text=_("例如：机要交换 2026-118 或 EMS 1234567890"),
    )


class ReceiveForm(ActionForm):
    note = forms.CharField(label=_("签收说明"), max_length=200, required=False)


# While the department holds the case (and after: late paper may still arrive).
_PAPER_STATES = frozenset(
    {
        CaseState.RECEIVED,
        CaseState.DISPATCHED,
        CaseState.IN_REVIEW,
        CaseState.SUSPENDED,
        CaseState.GRANTED,
        CaseState.DENIED,
        CaseState.READY,
    }
)
_RESULT_STATES = frozenset({CaseState.READY})


def _transfer_policy(kind, check):
    def policy(user, event, case):
        profile = staff_profile_of(user)
        if profile is None or case.hall_id == case.decision_hall_id:
            return False  # one query less on every single-hall case page
        from network.selectors import transfer_of

        return check(profile, transfer_of(case, kind), case)

    return policy


ROWS = [
    CaseAction(
        slug="send-paper",
        event=Action.SEND_PAPER,
        states=_PAPER_STATES,
        service=services.case_send_paper,
        form=SendForm,
        label=_("寄出纸质原件"),
        done=_("纸质原件已寄出，待审批大厅签收。"),
        summary=_("收件大厅寄出纸质原件至审批大厅（就近办流转）"),
        order=45,
        policy=_transfer_policy(TransferKind.PAPER, policies.may_send),
        on=frozenset({API, WORKBENCH}),
    ),
    CaseAction(
        slug="receive-paper",
        event=Action.RECEIVE_PAPER,
        states=_PAPER_STATES,
        service=services.case_receive_paper,
        form=ReceiveForm,
        label=_("签收纸质原件"),
        done=_("已签收纸质原件。"),
        summary=_("审批部门签收收件大厅寄来的纸质原件"),
        order=46,
        policy=_transfer_policy(TransferKind.PAPER, policies.may_receive),
        on=frozenset({API, WORKBENCH}),
        one_click=True,
    ),
    CaseAction(
        slug="send-result",
        event=Action.SEND_RESULT,
        states=_RESULT_STATES,
        service=services.case_send_result,
        form=SendForm,
        label=_("寄回办理结果"),
        done=_("办理结果已寄往收件大厅，待出件窗口签收。"),
        summary=_("审批部门将办理结果寄回收件大厅（就近取件）"),
        order=85,
        policy=_transfer_policy(TransferKind.RESULT, policies.may_send),
        on=frozenset({API, WORKBENCH}),
    ),
    CaseAction(
        slug="receive-result",
        event=Action.RECEIVE_RESULT,
        states=_RESULT_STATES,
        service=services.case_receive_result,
        form=ReceiveForm,
        label=_("签收办理结果"),
        done=_("已签收办理结果，可以送达申请人。"),
        summary=_("收件大厅出件窗口签收审批大厅寄回的办理结果"),
        order=86,
        policy=_transfer_policy(TransferKind.RESULT, policies.may_receive),
        on=frozenset({API, WORKBENCH}),
        one_click=True,
    ),
]


class HandOffForm(ActionForm):
    region_code = forms.CharField(label=_("对方地区代码"), max_length=20, help_text=_("行政区划代码，例如 422802"))
    region_name = forms.CharField(label=_("对方平台"), max_length=100)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


def _may_hand_off(user, event, case):
    return policies.may_hand_off(staff_profile_of(user), case)


# 跨域通办 (docs/cross_region.md): served by the API only, so single-city halls see no extra button.
HAND_OFF = CaseAction(
    slug="cross-region",
    event=Action.CROSS_REGION_HANDOFF,
    states=frozenset({CaseState.RECEIVED, CaseState.DISPATCHED}),
    service=services.case_hand_off,
    form=HandOffForm,
    label=_("跨域通办转出"),
    done=_("已转至对方平台办理。"),
    summary=_("跨域通办：收件大厅将办件转至其他城市的政务服务平台（签名 JSON，见 docs/cross_region.md）"),
    order=48,
    policy=_may_hand_off,
    on=frozenset({API}),
)
ROWS.append(HAND_OFF)


def install():
    from approvals import actions

    for row in ROWS:
        actions.register(row)
