"""From a case event to the words of a message: which kind, its placeholder values, its text."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from approvals.constants import Action, DeliveryMethod, Outcome, SuspensionKind
from approvals.selectors import result_comes_back
from messaging import placeholders
from messaging.constants import Kind
from messaging.defaults import DEFAULT_GATEWAY_TEMPLATE_IDS, DEFAULTS
from messaging.extensions import provided_values
from messaging.masking import logger

ACCEPTED_ACTIONS = {Action.ACKNOWLEDGE, Action.DEEM_ACCEPTED, Action.ACCEPT_ON_THE_SPOT}
# The actions that tell the applicant something (the steps halls notify by 短信).
MESSAGE_ACTIONS = {
    *ACCEPTED_ACTIONS,
    Action.REQUEST_SUPPLEMENT,
    Action.RETURN_ONLINE,
    Action.REFUSE,
    Action.SUSPEND,
    Action.RESUME,
    Action.DECIDE,
    Action.ISSUE,
    Action.RECEIVE_RESULT,
    Action.DELIVER,
}
# 就近取件: the receiving hall signed for a leg sent between halls; only the result's leg (not the
# paper originals', "paper") is the applicant's business. The value of network's TransferKind.RESULT,
# written here because messaging learns of the network through case events only.
RESULT_LEG = "result"
_PICKUP_ACTIONS = (Action.ISSUE, Action.RECEIVE_RESULT)
_RESULT_ACTIONS = (*_PICKUP_ACTIONS, Action.DELIVER)
# 告知承诺 (commitments): the event's note is what the applicant is told.
COMMITMENT_ACTIONS = {
    Action.SIGN_COMMITMENT,
    Action.COMMITMENT_REMIND,
    Action.COMMITMENT_VERIFY,
    Action.COMMITMENT_OVERDUE,
    Action.ORDER_RECTIFICATION,
    Action.CREDIT_LIST,
    Action.REVOKE,
    Action.CREDIT_REPAIR,
}
MESSAGE_ACTIONS |= COMMITMENT_ACTIONS
_KIND_OF_ACTION = {
    Action.REQUEST_SUPPLEMENT: Kind.SUPPLEMENT,
    Action.RETURN_ONLINE: Kind.SUPPLEMENT,
    Action.REFUSE: Kind.REFUSED,
    Action.SUSPEND: Kind.SUSPENDED,
    Action.RESUME: Kind.RESUMED,
    Action.ISSUE: Kind.READY,
    Action.DELIVER: Kind.DELIVERED,
    **dict.fromkeys(COMMITMENT_ACTIONS, Kind.COMMITMENT),
}


def kind_of(message):
    """The kind of applicant message a case event calls for, or None."""
    if not message.public:
        return None
    if message.action in ACCEPTED_ACTIONS:
        return Kind.ACCEPTED
    if message.action == Action.DECIDE:
        return Kind.GRANTED if (message.payload or {}).get("outcome") == Outcome.GRANTED else Kind.DENIED
    if message.action == Action.RECEIVE_RESULT:
        return Kind.ARRIVED if (message.payload or {}).get("kind") == RESULT_LEG else None
    return _KIND_OF_ACTION.get(message.action)


@dataclass(frozen=True)
class Wording:
    title: str
    body: str
    gateway_template_id: str
    params: dict


def _date(value):
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return timezone.localtime(value).strftime("%Y年%m月%d日")


def _pickup(case, result, *, arrived=False):
    """Where and how to collect the result; the pickup code when the hall's data has one.

    A result decided at another hall is collected at the receiving hall (就近取件) and is not there
    yet when issued: the applicant is told where it goes, and told again once it has arrived.
    """
    preference = getattr(case, "delivery_preference", None)  # None when the applicant chose nothing
    method = getattr(preference, "method", "")
    if method == DeliveryMethod.POST:
        return "将按您选择的方式邮寄送达"
    if method == DeliveryMethod.ELECTRONIC:
        return "可登录网上办事大厅下载电子证照"
    if arrived:
        place = case.hall.address or case.hall.name
    elif result_comes_back(case):
        return f"将送至{case.hall.name}，送达后将另行通知您领取"
    else:
        place = settings.HALL_ADDRESS
    code = getattr(result, "pickup_code", "") or getattr(case, "pickup_code", "")
    if code:
        return f"取件码{code}，请凭取件码和身份证件到{place}出件窗口领取"
    return f"请携带身份证件到{place}出件窗口领取"


def context_for(message, case):
    """The placeholder values of one event on one case (every placeholder has a value)."""
    payload = message.payload or {}
    result = getattr(case, "result", None) if message.action in _RESULT_ACTIONS else None
    arrived = message.action == Action.RECEIVE_RESULT
    values = {
        "hall": settings.HALL_NAME,
        "address": settings.HALL_ADDRESS,
        "applicant": case.applicant_name,
        "case_number": case.number,
        "item": case.snapshot.get("name") or case.item.name,
        "query_code": case.query_code,
        # The deadline as of the event (a later resume moves the case's own deadline).
        "deadline": _date(payload.get("deadline_at") or case.deadline_at),
        "materials": "、".join(payload.get("names") or []),
        "reason": message.note or "",
        "days_added": str(payload.get("days_added", "")),
        "result_number": payload.get("result") or (result.number if result else ""),
        "result_name": (result.name if result else ""),
        "pickup": _pickup(case, result, arrived=arrived) if message.action in _PICKUP_ACTIONS else "",
        "arrival_hall": case.hall.name if arrived else "",
        "delivery_method": str(DeliveryMethod(payload["method"]).label) if payload.get("method") else "",
    }
    values.update(provided_values(message=message, case=case))  # e.g. the 好差评 link (evaluations)
    if message.action == Action.SUSPEND and not values["reason"]:
        kind = payload.get("kind")
        values["reason"] = str(SuspensionKind(kind).label) if kind in SuspensionKind.values else ""
    return {name: values.get(name, "") for name in placeholders.DESCRIPTIONS}


def wording(kind, context, template=None):
    """Fill the kind's template (the admin's row, or the default text while there is none).

    A row changed behind the admin's back (shell, SQL) with a broken placeholder must not stop
    the applicant's message: the default text is used and the error logged.
    """
    (default_title, default_body), default_id = DEFAULTS[Kind(kind)], DEFAULT_GATEWAY_TEMPLATE_IDS[kind]
    if template is not None:
        title, body, gateway_id = template.title, template.body, template.gateway_template_id
    else:
        title, body, gateway_id = default_title, default_body, default_id
    try:
        used = placeholders.used_in(body) | placeholders.used_in(title)
        filled_title, filled_body = title.format(**context), body.format(**context)
    except (KeyError, ValueError, IndexError, ValidationError) as exc:
        logger.error("message template %s is broken (%s): the default text is used", kind, exc.__class__.__name__)
        used = placeholders.used_in(default_body) | placeholders.used_in(default_title)
        filled_title, filled_body = default_title.format(**context), default_body.format(**context)
    return Wording(
        title=filled_title[:200],
        body=filled_body,
        gateway_template_id=gateway_id,
        params={name: context[name] for name in sorted(used)},
    )
