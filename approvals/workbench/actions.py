"""The case actions a workbench offers: form, service call and success message for each.

Whether an action is offered is asked of the rules, never re-implemented here:
`policies.may` (who) and django-fsm's `can_proceed` on the model transition (when).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from approvals import policies, services
from approvals.constants import Action
from approvals.selectors import delivery_preference_of
from approvals.workbench import forms


@dataclass(frozen=True)
class CaseAction:
    slug: str
    label: str
    transition: str
    form: type
    run: object  # (case, cleaned_data, user) -> case
    done: str  # success message; may use {case} and {department}


def _f(name):
    return lambda d: d.get(name, "")


ACTIONS = {
    a.slug: a
    for a in [
        CaseAction(
            "take-in",
            _("预审通过，收件"),
            "take_in",
            forms.NoteForm,
            lambda c, d, u: services.case_take_in(case=c, by=u, note=d["note"]),
            _("已收件，请核对材料。"),
        ),
        CaseAction(
            "request-supplement",
            _("出具一次性告知书"),
            "request_supplement",
            forms.SupplementForm,
            lambda c, d, u: services.case_request_supplement(case=c, materials=d["materials"], note=d["note"], by=u),
            _("已出具一次性告知书，请打印交申请人。"),
        ),
        CaseAction(
            "supplement",
            _("补正材料已收齐"),
            "supplement",
            forms.NoteForm,
            lambda c, d, u: services.case_supplement(case=c, by=u, note=d["note"]),
            _("补正完成，办件回到已收件状态。"),
        ),
        CaseAction(
            "refuse",
            _("不予受理"),
            "refuse",
            forms.ReasonForm,
            lambda c, d, u: services.case_refuse(case=c, reason=d["reason"], by=u),
            _("已作出不予受理决定，请打印不予受理通知书。"),
        ),
        CaseAction(
            "dispatch",
            _("推送部门"),
            "dispatch",
            forms.NoteForm,
            lambda c, d, u: services.case_dispatch(case=c, by=u, note=d["note"]),
            _("已推送至{department}，部门须在规定时间内确认，逾时视为同意受理。"),
        ),
        CaseAction(
            "accept-on-the-spot",
            _("即办件当场受理"),
            "accept_on_the_spot",
            forms.NoteForm,
            lambda c, d, u: services.case_accept_on_the_spot(case=c, by=u, note=d["note"]),
            _("已当场受理，请当场作出决定。"),
        ),
        CaseAction(
            "acknowledge",
            _("受理确认"),
            "acknowledge",
            forms.NoteForm,
            lambda c, d, u: services.case_acknowledge(case=c, by=u, note=d["note"]),
            _("已确认受理，开始计时。"),
        ),
        CaseAction(
            "return",
            _("退回窗口"),
            "return_to_front_desk",
            forms.ReasonForm,
            lambda c, d, u: services.case_return(case=c, reason=d["reason"], by=u),
            _("已退回综合受理窗口。"),
        ),
        CaseAction(
            "advance",
            _("进入下一环节"),
            "advance",
            forms.NoteForm,
            lambda c, d, u: services.case_advance(case=c, by=u, note=d["note"]),
            _("已进入下一环节。"),
        ),
        CaseAction(
            "suspend",
            _("中止计时"),
            "suspend",
            forms.SuspendForm,
            lambda c, d, u: services.case_suspend(case=c, kind=d["kind"], reason=d["reason"], by=u),
            _("已中止计时（特别程序）。"),
        ),
        CaseAction(
            "resume",
            _("恢复计时"),
            "resume",
            forms.NoteForm,
            lambda c, d, u: services.case_resume(case=c, by=u, note=d["note"]),
            _("已恢复计时，办结期限已顺延。"),
        ),
        CaseAction(
            "decide",
            _("作出决定"),
            "grant",
            forms.DecideForm,
            lambda c, d, u: services.case_decide(case=c, outcome=d["outcome"], reason=d["reason"], by=u),
            _("已作出决定。"),
        ),
        CaseAction(
            "issue",
            _("制证出件"),
            "issue",
            forms.IssueForm,
            lambda c, d, u: services.case_issue(
                case=c, by=u, certificate_number=d["certificate_number"], valid_until=d["valid_until"]
            ),
            _("已制证，结果已送出件窗口。"),
        ),
        CaseAction(
            "deliver",
            _("送达办结"),
            "deliver",
            forms.DeliverForm,
            lambda c, d, u: services.case_deliver(case=c, by=u, **d),
            _("已送达，办件办结。"),
        ),
        CaseAction(
            "withdraw",
            _("撤回申请"),
            "withdraw",
            forms.ReasonForm,
            lambda c, d, u: services.case_withdraw(case=c, by=u, reason=d["reason"]),
            _("申请已撤回。"),
        ),
    ]
}

# Service error keys that belong to a differently named form field.
FIELD_MAP = {"materials": "materials", "certificate_number": "certificate_number"}


# The forward path first (the big buttons), then the ones that stop or turn a case back.
DISPLAY_ORDER = [
    "take-in",
    "supplement",
    "accept-on-the-spot",  # an instant item is finished here, so this comes before dispatch
    "dispatch",
    "acknowledge",
    "advance",
    "decide",
    "issue",
    "deliver",
    "resume",
    "request-supplement",
    "refuse",
    "return",
    "suspend",
    "withdraw",
]


def allowed_actions(user, case):
    """The slugs of the actions this user may take on this case now, in display order."""
    return [
        slug
        for slug in DISPLAY_ORDER
        if policies.may(user, Action(slug), case) and can_proceed(getattr(case, ACTIONS[slug].transition))
    ]


def make_form(slug, case, data=None, files=None):
    form_class = ACTIONS[slug].form
    kwargs = {"prefix": slug}
    if form_class is forms.SupplementForm:
        kwargs["materials"] = getattr(case, "material_rows", None) or list(case.materials.all())
    if form_class is forms.DeliverForm:
        preference = delivery_preference_of(case)
        if preference is not None:  # start from what the applicant asked for
            kwargs["initial"] = {"method": preference.method}
    return form_class(data, files, **kwargs) if data is not None else form_class(**kwargs)
