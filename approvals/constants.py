"""Choices of the case domain (DESIGN.md §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RECEIVED = "received", _("已收件")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("待补正")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    DISPATCHED = "dispatched", _("已推送")
    IN_REVIEW = "in_review", _("审查中")
    SUSPENDED = "suspended", _("中止计时")
    GRANTED = "granted", _("准予许可")
    DENIED = "denied", _("不予许可")
    READY = "ready", _("待领取")
    DELIVERED = "delivered", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


TERMINAL_STATES = frozenset({CaseState.NOT_ACCEPTED, CaseState.DELIVERED, CaseState.WITHDRAWN})
# States in which the legal clock runs (a warning level is shown).
CLOCK_RUNNING_STATES = frozenset({CaseState.IN_REVIEW})
# While the result is still to come, the applicant may say how they want it.
DELIVERY_CHOICE_STATES = frozenset(
    {
        CaseState.SUBMITTED,
        CaseState.RECEIVED,
        CaseState.SUPPLEMENT_REQUESTED,
        CaseState.DISPATCHED,
        CaseState.IN_REVIEW,
        CaseState.SUSPENDED,
        CaseState.GRANTED,
        CaseState.READY,
    }
)
# A supervisor may urge (督办) while the department holds the case.
URGEABLE_STATES = frozenset({CaseState.DISPATCHED, CaseState.IN_REVIEW, CaseState.SUSPENDED})
WITHDRAWABLE_STATES = [
    CaseState.RECEIVED,
    CaseState.SUPPLEMENT_REQUESTED,
    CaseState.DISPATCHED,
    CaseState.IN_REVIEW,
    CaseState.SUSPENDED,
]


class Action(models.TextChoices):
    """Event actions; the transition ones match the API action names of DESIGN.md §8."""

    CREATE = "create", _("登记")
    SUBMIT = "submit", _("提交申请")
    TAKE_IN = "take-in", _("网上预审收件")
    RECORD_MATERIAL = "record-material", _("收取材料")
    REQUEST_SUPPLEMENT = "request-supplement", _("一次性告知补正")
    SUPPLEMENT = "supplement", _("补正材料")
    REFUSE = "refuse", _("不予受理")
    DISPATCH = "dispatch", _("推送部门")
    ACKNOWLEDGE = "acknowledge", _("部门受理确认")
    DEEM_ACCEPTED = "deem-accepted", _("视为同意")
    RETURN = "return", _("部门退回")
    ACCEPT_ON_THE_SPOT = "accept-on-the-spot", _("即办受理")
    ADVANCE = "advance", _("进入下一环节")
    SUSPEND = "suspend", _("中止计时")
    RESUME = "resume", _("恢复计时")
    DECIDE = "decide", _("作出决定")
    ISSUE = "issue", _("制证出件")
    DELIVER = "deliver", _("送达办结")
    WITHDRAW = "withdraw", _("撤回申请")
    CHOOSE_DELIVERY = "choose-delivery", _("选择领取方式")
    RECOMPUTE_DEADLINE = "recompute-deadline", _("重算办结期限")
    URGE = "urge", _("督办")
    # counter (fees, keyaccounts): front-office practices of issue 23
    FEE_CHARGE = "fee-charge", _("窗口收费")
    FEE_REFUND = "fee-refund", _("收费退款")
    KEY_ACCOUNT_ROUTE = "key-account-route", _("转业务大户室窗口")
    # regulators (审管互动): joint review / site inspection on the case timeline
    JOINT_REVIEW = "joint-review", _("发起联合审查")
    JOINT_OPINION = "joint-opinion", _("联合审查意见")
    JOINT_REVIEW_CLOSE = "joint-review-close", _("联合审查结束")
    HANDOFF_ACKNOWLEDGE = "handoff-ack", _("监管部门签收审批结果")
    # 告知承诺 and 容缺受理 with the credit loop (commitments)
    SIGN_COMMITMENT = "sign-commitment", _("签署告知承诺书")
    COMMITMENT_REMIND = "commitment-remind", _("承诺履约提醒")
    COMMITMENT_SUPPLY = "commitment-supply", _("补交承诺材料")
    COMMITMENT_VERIFY = "commitment-verify", _("核验承诺材料")
    COMMITMENT_OVERDUE = "commitment-overdue", _("承诺逾期未履行")
    ORDER_RECTIFICATION = "order-rectification", _("责令限期整改")
    CREDIT_LIST = "credit-list", _("列入失信名单")
    REVOKE = "revoke", _("撤销许可决定")
    CREDIT_REPAIR = "credit-repair", _("信用修复")
    ONSITE_CHECK = "onsite-check", _("现场核查")
    # desk (issue 11): the online pre-review returns an application for correction.
    RETURN_ONLINE = "return-online", _("网上预审退回补正")
    # network (issue 19): paper 流转 between the receiving and the deciding hall, 跨域通办
    SEND_PAPER = "send-paper", _("纸质原件寄出")
    RECEIVE_PAPER = "receive-paper", _("纸质原件签收")
    SEND_RESULT = "send-result", _("办理结果寄回收件大厅")
    RECEIVE_RESULT = "receive-result", _("办理结果到达收件大厅")
    TRANSFER_OVERDUE = "transfer-overdue", _("流转超时提醒")
    CROSS_REGION_HANDOFF = "cross-region", _("跨域通办转出")


# The events that are a one-time notice (一次性告知) to the applicant: at the window after
# intake, or from the online pre-review before the application is taken in.
NOTICE_ACTIONS = (Action.REQUEST_SUPPLEMENT, Action.RETURN_ONLINE)


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口")
    ONLINE = "online", _("网上")
    AGENT = "agent", _("代办")


class MaterialStatus(models.TextChoices):
    MISSING = "missing", _("未收")
    RECEIVED = "received", _("已收")
    DEFICIENT = "deficient", _("容缺")
    COMMITTED = "committed", _("承诺后补")


class PaperKind(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")


class SuspensionKind(models.TextChoices):
    HEARING = "hearing", _("听证")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    INSPECTION = "inspection", _("检验检测/现场勘验")
    SUPPLEMENT = "supplement", _("审查中补正")
    OTHER = "other", _("其他")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("准予许可")
    DENIED = "denied", _("不予许可")


class ResultKind(models.TextChoices):
    CERTIFICATE = "certificate", _("证照")
    DENIAL = "denial", _("不予许可决定书")


class DeliveryMethod(models.TextChoices):
    PICKUP = "pickup", _("窗口领取")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")


class Level(models.TextChoices):
    """Warning level (红黄绿); 'none' when the clock is not running."""

    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    NONE = "none", _("未计时")
