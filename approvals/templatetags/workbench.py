"""Template helpers of the workbenches: level and state badges, countdowns, notice links."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from approvals.constants import CaseState, Level
from hall.identity import mask_id_number, mask_phone

register = template.Library()

_STATE_TONE = {
    CaseState.SUBMITTED: "info",
    CaseState.RECEIVED: "info",
    CaseState.SUPPLEMENT_REQUESTED: "warn",
    CaseState.NOT_ACCEPTED: "stop",
    CaseState.DISPATCHED: "info",
    CaseState.IN_REVIEW: "run",
    CaseState.SUSPENDED: "warn",
    CaseState.GRANTED: "ok",
    CaseState.DENIED: "stop",
    CaseState.READY: "ok",
    CaseState.DELIVERED: "done",
    CaseState.WITHDRAWN: "done",
}


@register.simple_tag
def level_badge(level):
    """红黄绿 with an icon and a word, so the level reads without colour."""
    if not level or level == Level.NONE:
        return format_html('<span class="badge level--none">{}</span>', Level.NONE.label)
    return format_html('<span class="badge level--{}">{}</span>', level, Level(level).label)


@register.simple_tag
def state_badge(state):
    try:
        label = CaseState(state).label
    except ValueError:
        label = state
    return format_html('<span class="badge state state--{}">{}</span>', _STATE_TONE.get(state, "info"), label)


@register.simple_tag
def countdown(moment, suffix=None):
    """A live countdown to `moment` ("剩余 06:41 视为同意"); workbench.js ticks it every second."""
    if moment is None:
        return ""
    suffix = _("视为同意") if suffix is None else suffix
    left = max(int((moment - timezone.now()).total_seconds()), 0)
    return format_html(
        '<span class="countdown" data-countdown="{}" data-suffix="{}" data-done="{}">{} {} {}</span>',
        moment.isoformat(),
        suffix,
        _("已到时，等待系统视为同意"),
        _("剩余"),
        f"{left // 60:02d}:{left % 60:02d}",
        suffix,
    )


@register.simple_tag
def notice_url(name, number):
    """A printable notice's URL, or "" while that page is not in this build."""
    try:
        return reverse(f"approvals:{name}", kwargs={"number": number})
    except NoReverseMatch:
        return ""


@register.filter
def masked_id(value):
    return mask_id_number(value or "")


@register.filter
def masked_phone(value):
    return mask_phone(value or "")


@register.filter
def working_days_left(days):
    """3 -> 剩3个工作日; 0 -> 今日到期; -2 -> 超期2个工作日."""
    if days is None:
        return ""
    if days > 0:
        return _("剩 %(n)s 个工作日") % {"n": days}
    if days == 0:
        return _("今日到期")
    return _("超期 %(n)s 个工作日") % {"n": -days}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def case_flags(context, case):
    """The marks other apps registered in approvals.flags (重点企业…), as badges; one cache per render."""
    from approvals.flags import flags_for

    # One cache per request (a page's lists and its included templates share it), else per render.
    request = context.get("request")
    if request is not None:
        if not hasattr(request, "_approvals_case_flags"):
            request._approvals_case_flags = {}
        cache = request._approvals_case_flags
    else:
        cache = context.render_context.setdefault("approvals_case_flags", {})
    return format_html_join(
        "",
        ' <span class="badge case-flag case-flag--{}" title="{}">{}</span>',
        ((flag.code, flag.title, flag.label) for flag in flags_for(case, cache)),
    )
