"""Case states in the plain words an applicant reads on a phone."""

from django.utils.translation import gettext_lazy as _

from approvals.constants import CaseState as S
from approvals.constants import SuspensionKind

PLAIN_STATE = {
    S.DRAFT: _("草稿：尚未提交，可以继续上传材料后提交。"),
    S.SUBMITTED: _("已提交：等待综合受理窗口网上预审。"),
    S.RECEIVED: _("预审通过：窗口已收件，正在核对材料。"),
    S.SUPPLEMENT_REQUESTED: _("待补正：请按一次性告知书补齐材料后提交补正。"),
    S.NOT_ACCEPTED: _("不予受理：请查看不予受理通知书中的理由和救济途径。"),
    S.DISPATCHED: _("已推送审批部门，等待部门受理确认。"),
    S.IN_REVIEW: _("已受理，正在审批，办结期限已开始计算。"),
    S.SUSPENDED: _("特别程序中（如专家评审、现场勘验），期间不计入办结时限。"),
    S.GRANTED: _("准予许可：正在制作证照。"),
    S.DENIED: _("不予许可：正在制作不予许可决定书。"),
    S.READY: _("办理结果已出件，请按您选择的方式领取。"),
    S.DELIVERED: _("已办结：办理结果已送达。"),
    S.WITHDRAWN: _("已撤回申请。"),
}


def plain_state(state):
    return PLAIN_STATE.get(state, "")


def plain_suspension(kind):
    """The suspended state in plain words, naming the procedure (`kind`: the open suspension's)."""
    if kind == SuspensionKind.SUPPLEMENT:
        return _("审查部门要求补正材料，期间暂停计时。请按要求上传材料。")
    if kind not in SuspensionKind.values or kind == SuspensionKind.OTHER:
        return plain_state(S.SUSPENDED)
    return _("%(kind)s中，期间不计入办结时限。") % {"kind": SuspensionKind(kind).label}


def plain_case(case, *, kind=None):
    """A case's state in plain words; suspended cases say which procedure stops the clock."""
    if case.state == S.SUSPENDED:
        return plain_suspension(kind)
    return plain_state(case.state)


def commitment_text(how, name):
    """The applicant's words when a material is left for later online (容缺 / 告知承诺)."""
    from approvals.constants import MaterialStatus

    if how == MaterialStatus.COMMITTED:
        return _(
            "本人承诺：已知晓《%(name)s》的要求，本人符合相关条件，将在规定期限内补交该材料；"
            "如承诺不实或逾期未补交，愿承担撤销许可等法律责任，并记入信用记录。"
        ) % {"name": name}
    return _("本人申请容缺受理：《%(name)s》暂缺，将在规定期限内补交；逾期未补交的，本次申请按不予受理或撤回处理。") % {
        "name": name
    }
