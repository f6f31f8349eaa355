"""THE table of case actions: every door to a case action is generated from these rows.

- REST: `POST /api/v1/cases/{number}/{slug}/` (approvals.api_urls + approvals.api.views.CaseActionView),
  with its OpenAPI request body from the row's form (approvals.api.action_schema);
- the `actions` list of case responses (approvals.api.serializers.CaseDetailSerializer);
- the workbench's buttons and forms (approvals.workbench.actions);
- the applicant's actions of the online hall (portal.selectors.case_actions).

Adding an action = one service + one row here (+ its `Action` event choice). Other apps add
rows of their own with `register()` from their AppConfig.ready() (supervision registers
`urge`), so approvals never imports them.

A row asks two questions, never re-implemented elsewhere: *who* may do it (`policy`, by
default `approvals.policies.may`) and *can it happen now* (django-fsm's `can_proceed` on the
model `transition`, or the `states` of a state-less action such as choose-delivery).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from approvals import action_forms as f
from approvals import policies, services
from approvals.constants import DELIVERY_CHOICE_STATES, Action

# Where a row is offered. The API serves every row; the pages only the rows marked for them.
API = "api"
WORKBENCH = "workbench"  # the staff case page (approvals.workbench)
PORTAL = "portal"  # the applicant's case page (portal)


@dataclass(frozen=True)
class CaseAction:
    slug: str  # URL segment and `actions` name, e.g. "request-supplement"
    event: Action  # the CaseEvent action it writes, and the name the policy is asked about
    service: Callable  # keyword-only: service(case=, by=, **form.cleaned_data)
    form: type[f.ActionForm]  # its input, for the API and the pages alike
    label: str  # Chinese, gettext_lazy (the English comes from the catalog)
    done: str  # success message; may use {case} and {department}
    summary: str  # the API operation's summary (OpenAPI)
    order: int  # display order: the forward path first, then what stops or turns a case back
    transition: str | None = None  # Case method asked with can_proceed; None for state-less actions
    states: frozenset = frozenset()  # state-less actions: the states in which it may happen
    policy: Callable = policies.may  # (user, event, case) -> bool
    on: frozenset = frozenset({API, WORKBENCH})
    one_click: bool = False  # the workbench shows a plain button (its optional fields stay hidden)
    done_online: str = ""  # the success message for an online case, when `done` speaks of paper
    outcome: Callable | None = None  # (case) -> str: the success message from what really happened

    def done_for(self, case):
        """The success message for this case (online cases are not told to print and hand over)."""
        from approvals.constants import Channel

        return self.done_online if self.done_online and case.channel == Channel.ONLINE else self.done

    def done_message(self, case):
        """The success message after the service ran on `case` (`outcome`, else `done_for`)."""
        if self.outcome is not None:
            return str(self.outcome(case))
        return str(self.done_for(case)).format(case=case.number, department=case.department.name)

    def possible_now(self, case):
        """Can it happen in the case's state now (the model's rules, not the user's)?"""
        if self.transition is not None:
            return can_proceed(getattr(case, self.transition))
        return case.state in self.states

    def allowed(self, user, case):
        return bool(self.policy(user, self.event, case))

    def offered(self, user, case):
        return self.possible_now(case) and self.allowed(user, case)

    def make_form(self, case, data=None, files=None, **kwargs):
        if data is None:
            return self.form(case=case, **kwargs)
        return self.form(data, files, case=case, **kwargs)

    def run(self, *, case, by, data):
        """Call the service with the form's cleaned data (its fields are the service's kwargs).

        A hold registered for the slug (another app's, see `hold()`) may take the request
        instead: then the service is not called and the hold's `Held` is returned.
        """
        for holder in _HOLDS.get(self.slug, ()):
            held = holder(case=case, by=by, data=data)
            if held is not None:
                return held
        return self.service(case=case, by=by, **data)

    @property
    def changes_state(self):
        return self.transition is not None


_TABLE: dict[str, CaseAction] = {}
_HOLDS: dict[str, list] = {}


@dataclass(frozen=True)
class Held:
    """An action held for someone's confirmation instead of done: what to tell the user."""

    message: str
    url: str = ""


def hold(slug, holder):
    """Let another app hold an action (e.g. a refusal waiting for the chief's confirmation).

    `holder(*, case, by, data)` returns None to let the service run, or a `Held` after recording
    the request in its own transaction (it raises ValidationError / PermissionDenied /
    TransitionNotAllowed like the service would). Registering the same holder again is a no-op.
    """
    holders = _HOLDS.setdefault(slug, [])
    if holder not in holders:
        holders.append(holder)
    return holder


def register(row):
    """Add a row (apps call this from AppConfig.ready()); registering the same row again is a no-op."""
    existing = _TABLE.get(row.slug)
    if existing is not None and existing != row:
        raise ValueError(f"case action {row.slug!r} is already registered")
    _TABLE[row.slug] = row
    return row


def get(slug):
    """The row for a slug, or None."""
    return _TABLE.get(slug)


def rows(on=None):
    """All rows in display order, or those offered on one surface (API, WORKBENCH, PORTAL)."""
    selected = [row for row in _TABLE.values() if on is None or on in row.on]
    return sorted(selected, key=lambda row: (row.order, row.slug))


def offered(user, case, *, on):
    """The rows of a surface this user may take on this case now, in display order."""
    return [row for row in rows(on) if row.offered(user, case)]


def listed(user, case):
    """The `actions` of case responses: the transitions this user may run now.

    State-less actions (choose-delivery, urge) are served by the API but not listed: the list
    answers "where can this case go from here, by my hand".
    """
    return [row.slug for row in offered(user, case, on=API) if row.changes_state]


_EVERYWHERE = frozenset({API, WORKBENCH, PORTAL})


def _resumed(case):
    """恢复计时: say the deadline moved only when it moved, and by how many working days."""
    from django.utils.dateparse import parse_datetime
    from django.utils.timezone import localtime
    from django.utils.translation import gettext

    event = case.events.filter(action=Action.RESUME).order_by("-seq").first()
    payload = (event.payload or {}) if event else {}
    days = payload.get("days_added") or 0
    if not days:
        return gettext("已恢复计时，办结期限不变。")
    deadline = parse_datetime(payload.get("deadline_at") or "")
    if deadline is None:
        return gettext("已恢复计时，办结期限顺延%(n)s个工作日。") % {"n": days}
    return gettext("已恢复计时，办结期限顺延%(n)s个工作日，至%(date)s。") % {
        "n": days,
        "date": localtime(deadline).strftime("%Y-%m-%d"),
    }


for _row in [
    CaseAction(
        slug="take-in",
        event=Action.TAKE_IN,
        transition="take_in",
        service=services.case_take_in,
        form=f.NoteForm,
        label=_("预审通过，收件"),
        done=_("已收件，请核对材料。"),
        summary=_("网上申请预审收件"),
        order=10,
        one_click=True,
    ),
    CaseAction(
        slug="supplement",
        event=Action.SUPPLEMENT,
        transition="supplement",
        service=services.case_supplement,
        form=f.NoteForm,
        label=_("补正材料已收齐"),
        done=_("补正完成，办件回到已收件状态。"),
        summary=_("补正材料已收齐，回到已收件"),
        order=20,
        on=_EVERYWHERE,
        one_click=True,
    ),
    CaseAction(
        slug="accept-on-the-spot",  # an instant item is finished here, so this comes before dispatch
        event=Action.ACCEPT_ON_THE_SPOT,
        transition="accept_on_the_spot",
        service=services.case_accept_on_the_spot,
        form=f.NoteForm,
        label=_("即办件当场受理"),
        done=_("已当场受理，请当场作出决定。"),
        summary=_("即办件当场受理"),
        order=30,
        one_click=True,
    ),
    CaseAction(
        slug="dispatch",
        event=Action.DISPATCH,
        transition="dispatch",
        service=services.case_dispatch,
        form=f.NoteForm,
        label=_("推送部门"),
        done=_("已推送至{department}，部门须在规定时间内确认，逾时视为同意受理。"),
        summary=_("推送部门（必要材料须已收齐）"),
        order=40,
    ),
    CaseAction(
        slug="acknowledge",
        event=Action.ACKNOWLEDGE,
        transition="acknowledge",
        service=services.case_acknowledge,
        form=f.NoteForm,
        label=_("受理确认"),
        done=_("已确认受理，开始计时。"),
        summary=_("部门受理确认"),
        order=50,
        one_click=True,
    ),
    CaseAction(
        slug="advance",
        event=Action.ADVANCE,
        transition="advance",
        service=services.case_advance,
        form=f.AdvanceForm,
        label=_("本环节办结，转入下一环节"),
        done=_("已转入下一环节。"),
        summary=_("本环节办结，填写审查意见并转入下一环节"),
        order=60,
    ),
    CaseAction(
        slug="decide",
        event=Action.DECIDE,
        transition="grant",  # grant and deny share their rules
        service=services.case_decide,
        form=f.DecideForm,
        label=_("作出决定"),
        done=_("已作出决定。"),
        summary=_("作出准予或不予许可决定"),
        order=70,
    ),
    CaseAction(
        slug="issue",
        event=Action.ISSUE,
        transition="issue",
        service=services.case_issue,
        form=f.IssueForm,
        label=_("制证出件"),
        done=_("已制证，结果已送出件窗口。"),
        summary=_("制证出件（结果送至出件窗口）"),
        order=80,
    ),
    CaseAction(
        slug="deliver",
        event=Action.DELIVER,
        transition="deliver",
        service=services.case_deliver,
        form=f.DeliverForm,
        label=_("送达办结"),
        done=_("已送达，办件办结。"),
        summary=_("送达办结（窗口领取、邮寄或电子送达）"),
        order=90,
    ),
    CaseAction(
        slug="resume",
        event=Action.RESUME,
        transition="resume",
        service=services.case_resume,
        form=f.NoteForm,
        label=_("恢复计时"),
        done=_("已恢复计时。"),
        outcome=_resumed,
        summary=_("恢复计时"),
        order=100,
        one_click=True,
    ),
    CaseAction(
        slug="request-supplement",
        event=Action.REQUEST_SUPPLEMENT,
        transition="request_supplement",
        service=services.case_request_supplement,
        form=f.SupplementForm,
        label=_("出具一次性告知书"),
        done=_("已出具一次性告知书，请打印交申请人。"),
        done_online=_("已出具一次性告知书，申请人将收到通知，并可在网上办事大厅查看和补正。"),
        summary=_("出具一次性告知书（列明全部需补正材料）"),
        order=110,
    ),
    CaseAction(
        slug="return-online",
        event=Action.RETURN_ONLINE,
        transition="return_online",
        service=services.case_return_online,
        form=f.ReturnOnlineForm,
        label=_("预审退回补正"),
        done=_("已退回申请人补正，申请人将收到通知，并可在网上办事大厅查看一次性告知书。"),
        summary=_("网上预审退回补正（不收件；逐项说明需补正材料的原因）"),
        order=115,
    ),
    CaseAction(
        slug="refuse",
        event=Action.REFUSE,
        transition="refuse",
        service=services.case_refuse,
        form=f.RefuseForm,
        label=_("不予受理"),
        done=_("已作出不予受理决定，请打印不予受理通知书。"),
        summary=_("不予受理（须说明理由）"),
        order=120,
    ),
    CaseAction(
        slug="return",
        event=Action.RETURN,
        transition="return_to_front_desk",
        service=services.case_return,
        form=f.ReasonForm,
        label=_("退回窗口"),
        done=_("已退回综合受理窗口。"),
        summary=_("部门退回综合受理窗口（须说明理由）"),
        order=130,
    ),
    CaseAction(
        slug="suspend",
        event=Action.SUSPEND,
        transition="suspend",
        service=services.case_suspend,
        form=f.SuspendForm,
        label=_("中止计时"),
        done=_("已中止计时（特别程序）。"),
        summary=_("中止计时（特别程序）"),
        order=140,
    ),
    CaseAction(
        slug="withdraw",
        event=Action.WITHDRAW,
        transition="withdraw",
        service=services.case_withdraw,
        form=f.WithdrawForm,
        label=_("撤回申请"),
        done=_("申请已撤回。"),
        summary=_("撤回申请"),
        order=150,
        on=_EVERYWHERE,
    ),
    CaseAction(
        slug="submit",
        event=Action.SUBMIT,
        transition="submit",
        service=services.case_submit,
        form=f.NoteForm,
        label=_("提交申请"),
        done=_("申请已提交，综合受理窗口将进行网上预审，结果会显示在“我的办件”中。"),
        summary=_("申请人提交网上申请"),
        order=200,
        on=frozenset({API, PORTAL}),
    ),
    CaseAction(
        slug="choose-delivery",
        event=Action.CHOOSE_DELIVERY,
        states=DELIVERY_CHOICE_STATES,
        service=services.case_choose_delivery,
        form=f.ChooseDeliveryForm,
        label=_("选择领取方式"),
        done=_("领取方式已保存。"),
        summary=_("申请人选择结果领取方式（邮寄须填收件人、电话和地址）"),
        order=210,
        on=frozenset({API, PORTAL}),
    ),
]:
    register(_row)
