"""综合受理窗口 (and a department's specialised window): register cases and work the queues."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import services
from approvals.workbench import panels
from approvals.workbench.forms import NEW_CASE_FIELDS, NewCaseForm
from approvals.workbench.helpers import add_service_errors, is_specialised, staff_required
from approvals.workbench.queries import (
    online_queue,
    returned_cases,
    todays_window_cases,
    waiting_age,
    window_tally_today,
)
from catalog.implementation_selectors import receivable_at_q
from catalog.selectors import item_search
from hall.constants import Role


def _items_for(profile):
    """The items this window takes: all at a comprehensive window, the department's at a specialised one;
    in both, only what the window's hall can receive (case_create would refuse the others)."""
    items = item_search(department=profile.window.department_id) if is_specialised(profile) else item_search()
    window = profile.window if profile is not None else None
    if window is None:  # no hall to go by: as before the network (case_create places it at the item's department)
        return items
    return items.filter(receivable_at_q(hall_id=window.hall_id))


def _resolve_item(form, profile):
    """The picked item (hidden code), or the one item the typed text matches; else a field error."""
    items = _items_for(profile)
    code = form.cleaned_data.get("item")
    if code:
        item = items.filter(code=code).first()
        if item is not None:
            return item
    text = form.cleaned_data.get("item_query") or ""
    if not text.strip():
        form.add_error("item_query", _("请选择办理事项。"))
        return None
    matches = list(item_search(q=text, items=items)[:2])
    if len(matches) == 1:
        return matches[0]
    form.add_error("item_query", _("没有找到该事项。") if not matches else _("匹配到多个事项，请从列表中选择一个。"))
    return None


@staff_required(Role.FRONT_DESK)
def desk(request):
    profile = request.staff
    form = NewCaseForm(request.POST or None)
    preselected = None
    if request.method == "GET" and request.GET.get("item"):  # ?item=<code>: e.g. a called ticket's item
        preselected = _items_for(profile).filter(code=request.GET["item"]).first()
        if preselected is not None:
            form = NewCaseForm(initial={"item": preselected.code, "item_query": preselected.name})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            item = _resolve_item(form, profile)
            if item is not None:
                try:
                    case = services.case_create(
                        item=item, channel="window", applicant=form.applicant(), by=request.user
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc, NEW_CASE_FIELDS)
                except PermissionDenied as exc:
                    form.add_error("item_query", str(exc))
                else:
                    messages.success(request, _("已登记办件 %(number)s，请核对申请材料。") % {"number": case.number})
                    return redirect(reverse("approvals:case", kwargs={"number": case.number}))
        status = 400
    today = list(todays_window_cases(user=request.user, window=profile.window)[:50])
    picked = preselected
    if form.is_bound and form.data.get("item"):
        picked = _items_for(profile).filter(code=form.data.get("item")).first()
    context = {
        "form": form,
        "picked": picked,
        "specialised": is_specialised(profile),
        "window": profile.window,
        "returned": list(returned_cases(user=request.user)[:20]),
        "online": _with_age(online_queue(user=request.user)[:20]),
        "today": today,
        "today_counts": window_tally_today(cases=today),
        "panels": panels.panels(panels.DESK, request),
    }
    return render(request, "approvals/workbench/desk.html", context, status=status)


def _with_age(cases):
    cases = list(cases)
    for case in cases:
        case.age = waiting_age(case.submitted_at or case.created_at)
    return cases


@staff_required(Role.FRONT_DESK)
@require_GET
def item_picker(request):
    """JSON for the item picker: name, code or pinyin initials, limited to what this window takes."""
    text = (request.GET.get("q") or "").strip()
    if not text:
        return JsonResponse({"results": []})
    rows = item_search(q=text, items=_items_for(request.staff))[:12]
    return JsonResponse(
        {
            "results": [
                {
                    "code": item.code,
                    "name": item.name,
                    "department": item.department.name,
                    "kind": item.get_kind_display(),
                    "instant": item.kind == "instant",
                    "promised": item.promised_limit_days,
                    "legal": item.legal_limit_days,
                }
                for item in rows
            ]
        }
    )
