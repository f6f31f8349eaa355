"""My cases: list, detail (state in plain words, timeline, deadline, notices, actions),
withdraw, choose how to receive the result, download the electronic certificate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals import actions as action_table
from approvals.constants import CaseState, DeliveryMethod
from approvals.services import CaseConflict
from portal import selectors, services
from portal.forms import apply_errors
from portal.views_common import applicant_required, base_url, maybe_url, no_store
from portal.wording import plain_case

S = CaseState
_ACCEPTED_OR_LATER = {S.DISPATCHED, S.IN_REVIEW, S.SUSPENDED, S.GRANTED, S.DENIED, S.READY, S.DELIVERED}


@require_safe
@applicant_required
@no_store
def my_cases(request):
    state = request.GET.get("state") or None
    if state not in S.values:
        state = None
    page = Paginator(selectors.my_cases(user=request.user, state=state), 20).get_page(request.GET.get("page"))
    for case in page:
        case.plain = plain_case(case, kind=case.suspension_kind)
    return render(request, "portal/my_cases.html", {"page": page, "state": state, "states": S.choices})


@require_safe
@applicant_required
@no_store
def case_detail(request, number):
    case = selectors.my_case_detail(user=request.user, number=number)
    context = {
        "case": case,
        "plain": plain_case(case, kind=case.suspension.kind if case.suspension else None),
        "notices": _notice_links(case),
        "choice": selectors.delivery_preference_of(case),
        "result": selectors.result_of(case),
        "withdraw_form": action_table.get("withdraw").make_form(case),
        "timeline": selectors.compact_timeline(case.timeline)[::-1],  # newest first
        "library": list(selectors.library_for(owner=request.user)) if case.review_supplement else [],
    }
    return render(request, "portal/case_detail.html", context)


def _notice_links(case):
    """Printable notices that apply to the case now (pages owned by approvals; skipped if absent)."""
    wanted = []
    if case.accepted_at or case.state in _ACCEPTED_OR_LATER:
        wanted.append(("approvals:notice-acceptance", _("受理通知书")))
    if case.notice_rounds:
        wanted.append(("approvals:notice-supplement", _("一次性告知书")))
    if case.state == S.NOT_ACCEPTED:
        wanted.append(("approvals:notice-refusal", _("不予受理通知书")))
    if case.outcome == "denied":
        wanted.append(("approvals:notice-denial", _("不予许可决定书")))
    if case.outcome == "granted" and case.state in (S.READY, S.DELIVERED):
        wanted.append(("approvals:notice-certificate", _("证照（打印版）")))
    links = []
    for name, label in wanted:
        url = maybe_url(name, number=case.number)
        if url:
            links.append({"url": url, "label": label})
    return links


@require_POST
@applicant_required
def withdraw(request, number):
    case = selectors.my_case(user=request.user, number=number)
    row = action_table.get("withdraw")
    form = row.make_form(case, data=request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.application_withdraw(case=case, by=request.user, reason=reason)
    except (CaseConflict, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, row.done)
    return redirect("portal:case-detail", number=case.number)


@require_http_methods(["GET", "POST"])
@applicant_required
@no_store
def delivery(request, number):
    case = selectors.my_case(user=request.user, number=number)
    choice = selectors.delivery_preference_of(case)
    initial = {"method": choice.method if choice else DeliveryMethod.ELECTRONIC}
    if choice:
        initial.update(recipient=choice.recipient, phone=choice.phone, address=choice.address)
    else:
        initial.update(recipient=case.applicant_name, phone=case.applicant_phone, address=case.applicant_address)
    row = action_table.get("choose-delivery")
    form = row.make_form(case, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            row.run(case=case, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except (CaseConflict, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, row.done)
            return redirect("portal:case-detail", number=case.number)
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/delivery.html", {"case": case, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@applicant_required
def certificate(request, number):
    """POST receives a ready electronic certificate (that is its delivery); GET downloads it again."""
    case = selectors.my_case(user=request.user, number=number)
    if request.method == "GET" and case.state != S.DELIVERED:
        return redirect("portal:case-detail", number=case.number)
    try:
        result, data = services.certificate_download(case=case, by=request.user, base_url=base_url(request))
    except (CaseConflict, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("portal:case-detail", number=case.number)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{result.number}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response
