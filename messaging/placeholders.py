"""Which placeholders each message template may use, which it must use, and checking them.

A template is Python `str.format` text: `{case_number}` is replaced, `{{` and `}}` are literal
braces. Checking happens when the hall admin saves a template, so a typo never reaches an
applicant as a raw `{dedline}` or a KeyError in a worker.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from messaging.constants import Kind

# Every placeholder the hall knows, with what it stands for (shown beside the template).
DESCRIPTIONS = {
    "hall": gettext_lazy("政务服务中心名称"),
    "applicant": gettext_lazy("申请人姓名或名称"),
    "case_number": gettext_lazy("办件编号"),
    "item": gettext_lazy("事项名称"),
    "query_code": gettext_lazy("查询码"),
    "deadline": gettext_lazy("承诺办结期限（日期）"),
    "materials": gettext_lazy("需补正的材料清单"),
    "reason": gettext_lazy("理由或说明"),
    "days_added": gettext_lazy("中止计时的工作日数"),
    "result_number": gettext_lazy("证照或文书编号"),
    "result_name": gettext_lazy("证照或文书名称"),
    "pickup": gettext_lazy("领取方式说明（有取件码时含取件码）"),
    "arrival_hall": gettext_lazy("办理结果送达的收件大厅名称"),
    "delivery_method": gettext_lazy("送达方式"),
    "address": gettext_lazy("政务服务中心地址"),
    "rating": gettext_lazy("好差评邀请（含免登录评价链接；未开通评价时为空）"),
}

COMMON = {"hall", "applicant", "case_number", "item", "query_code", "address"}

# kind: (allowed beyond COMMON, required)
_RULES = {
    Kind.ACCEPTED: ({"deadline"}, {"case_number", "deadline", "query_code"}),
    Kind.SUPPLEMENT: ({"materials", "reason"}, {"case_number", "materials"}),
    Kind.REFUSED: ({"reason"}, {"case_number", "reason"}),
    Kind.SUSPENDED: ({"reason"}, {"case_number", "reason"}),
    Kind.RESUMED: ({"deadline", "days_added"}, {"case_number", "deadline"}),
    Kind.GRANTED: ({"reason"}, {"case_number"}),
    Kind.DENIED: ({"reason"}, {"case_number", "reason"}),
    Kind.READY: ({"result_number", "result_name", "pickup"}, {"case_number", "result_number", "pickup"}),
    Kind.ARRIVED: (
        {"result_number", "result_name", "arrival_hall", "pickup"},
        {"case_number", "arrival_hall", "pickup"},
    ),
    Kind.DELIVERED: ({"result_number", "result_name", "delivery_method", "rating"}, {"case_number"}),
    Kind.COMMITMENT: ({"reason", "deadline"}, {"case_number", "reason"}),
}


def allowed(kind):
    return COMMON | _RULES[Kind(kind)][0]


def required(kind):
    return _RULES[Kind(kind)][1]


def used_in(text):
    """The placeholder names in `text`; raises ValidationError for text str.format cannot read."""
    names = set()
    try:
        for _literal, name, spec, conversion in string.Formatter().parse(text or ""):
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                raise ValidationError(
                    _("占位符“{%(name)s}”写法有误，只能写成{名称}，不能带格式或下标。") % {"name": name},
                    code="placeholder_syntax",
                )
            names.add(name)
    except ValueError as exc:
        raise ValidationError(
            _("模板中的花括号不成对：占位符写成{名称}，要显示花括号本身请写{{或}}。"), code="placeholder_braces"
        ) from exc
    return names


def check(kind, text, *, field_label, require=True):
    """Raise ValidationError (Chinese) for an unknown placeholder or a missing required one."""
    names = used_in(text)
    unknown = sorted(names - allowed(kind))
    errors = []
    if unknown:
        errors.append(
            ValidationError(
                _("%(field)s含有未知的占位符：%(names)s。可用的占位符：%(allowed)s。")
                % {
                    "field": field_label,
                    "names": "、".join(f"{{{n}}}" for n in unknown),
                    "allowed": "、".join(f"{{{n}}}" for n in sorted(allowed(kind))),
                },
                code="placeholder_unknown",
            )
        )
    missing = sorted(required(kind) - names) if require else []
    if missing:
        errors.append(
            ValidationError(
                _("%(field)s缺少必需的占位符：%(names)s。")
                % {"field": field_label, "names": "、".join(f"{{{n}}}" for n in missing)},
                code="placeholder_missing",
            )
        )
    if errors:
        raise ValidationError(errors)


def help_text(kind):
    """“{case_number} 办件编号（必需）、…” for the admin form."""
    parts = []
    for name in sorted(allowed(kind), key=lambda n: (n not in required(kind), n)):
        mark = _("（必需）") if name in required(kind) else ""
        parts.append(f"{{{name}}} {DESCRIPTIONS[name]}{mark}")
    return "；".join(parts)
