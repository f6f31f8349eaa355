"""Printable A4 notices of a case (受理通知书, 一次性告知书, 不予受理通知书, 不予许可决定书, 证照).

Each page shows only to who may see the case (approvals.selectors: otherwise 404) and only
once the case has reached the point where the document exists (otherwise 404 too).
"""

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from approvals.constants import NOTICE_ACTIONS, Action, CaseState, Outcome, ResultKind
from approvals.selectors import case_detail
from approvals.supply import pending_materials
from audit import services as audit

_ACCEPTED_OR_LATER = {
    CaseState.DISPATCHED,
    CaseState.IN_REVIEW,
    CaseState.SUSPENDED,
    CaseState.GRANTED,
    CaseState.DENIED,
    CaseState.READY,
    CaseState.DELIVERED,
}


def _locality(name=None):
    """ "示范县" from "示范县政务服务中心": whose government and court hear an appeal."""
    name = name or settings.HALL_NAME
    for suffix in ("政务服务中心", "政务服务大厅", "便民服务中心"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def appeal_bodies(hall_name=None):
    """To whom an applicant appeals: settings may name them; else the locality of the hall whose
    department decided (a township-received case is appealed where the county decided it)."""
    locality = _locality(hall_name)
    return {
        "review_body": getattr(settings, "HALL_APPEAL_REVIEW_BODY", "") or f"{locality}人民政府",
        "court": getattr(settings, "HALL_APPEAL_COURT", "") or f"{locality}人民法院",
    }


def _case(request, number, allowed):
    case = case_detail(user=request.user, number=number)
    if not allowed(case):
        raise Http404(_("该办件尚无此文书。"))
    return case


def _render(request, template, case, title, *, full=False, **extra):
    # Notices carry the receiving hall's name and seal line (issue 19); appeals go to the deciding one.
    context = {
        "case": case,
        "title": title,
        "snapshot": case.snapshot,
        "issuing_hall": case.hall,
        **appeal_bodies(case.decision_hall.name),
        **extra,
    }
    audit.record_case_view(request=request, case=case, view=f"notice:{template.removesuffix('.html')}", full=full)
    return render(request, f"approvals/notices/{template}", context)


@login_required
def acceptance(request, number):
    case = _case(request, number, lambda c: c.state in _ACCEPTED_OR_LATER or c.accepted_at is not None)
    return _render(
        request,
        "acceptance.html",
        case,
        _("受理通知书"),
        progress_url=_progress_url(request),
        pending=pending_materials(case, case.material_rows),
    )


# Registered at a window (received) or taken in from the online queue: what was handed in.
_NO_RECEIPT = {CaseState.DRAFT, CaseState.SUBMITTED}


@login_required
def receipt(request, number):
    """收件凭证: the materials handed in, printable as soon as the case is registered."""
    case = _case(request, number, lambda c: c.state not in _NO_RECEIPT)
    received_at = next(
        (
            e.at
            for e in case.event_rows
            if e.action in (Action.CREATE, Action.TAKE_IN) and e.to_state == CaseState.RECEIVED
        ),
        case.created_at,
    )
    return _render(
        request,
        "receipt.html",
        case,
        _("收件凭证"),
        received_at=received_at,
        pending=pending_materials(case, case.material_rows),
        progress_url=_progress_url(request),
    )


@login_required
def supplement(request, number):
    case = _case(request, number, lambda c: c.notice_rounds > 0)
    notices = [e for e in case.event_rows if e.action in NOTICE_ACTIONS]
    latest = notices[-1]
    wanted = set(latest.payload.get("materials") or [])
    specs = {m["id"]: m for m in case.snapshot.get("materials") or []}
    rows = [
        {
            "material": m,
            "spec": specs.get(m.requirement_id, {}),
            "why": m.notice_note or (_("已提交但须补正") if m.status != "missing" else _("未提交")),
        }
        for m in case.material_rows
        if m.requirement_id in wanted
    ]
    return _render(request, "supplement.html", case, _("一次性告知书"), notice=latest, rows=rows, round=len(notices))


@login_required
def refusal(request, number):
    case = _case(request, number, lambda c: c.state == CaseState.NOT_ACCEPTED)
    refused = next((e for e in reversed(case.event_rows) if e.action == Action.REFUSE), None)
    return _render(request, "refusal.html", case, _("不予受理通知书"), refused=refused)


@login_required
def denial(request, number):
    case = _case(request, number, lambda c: c.outcome == Outcome.DENIED)
    return _render(request, "denial.html", case, _("不予行政许可决定书"), result=case.result_row)


@login_required
def certificate(request, number):
    case = _case(
        request,
        number,
        lambda c: (
            c.outcome == Outcome.GRANTED and c.result_row is not None and c.result_row.kind == ResultKind.CERTIFICATE
        ),
    )
    result = case.result_row
    verify_url = request.build_absolute_uri(verification_path(result.verification_code))
    qr_svg = segno.make(verify_url, error="m").svg_inline(scale=3, border=2)
    title = result.name or case.snapshot.get("result_name") or _("证照")
    # The certificate is the holder's document: it prints the full ID number / credit code, so the
    # view is audited as a view of the full personal data.
    return _render(
        request, "certificate.html", case, title, full=True, result=result, verify_url=verify_url, qr_svg=qr_svg
    )


@login_required
def service_receipt(request, number):
    """送达回证: printed when the result is handed over at the window, signed by the collector."""
    case = _case(
        request,
        number,
        lambda c: c.result_row is not None and c.state in (CaseState.READY, CaseState.DELIVERED),
    )
    delivered = next((e for e in reversed(case.event_rows) if e.action == Action.DELIVER), None)
    return _render(
        request,
        "service_receipt.html",
        case,
        _("送达回证"),
        result=case.result_row,
        delivered=delivered,
        details=(delivered.payload if delivered else {}),
        hall_address=case.hall.address or getattr(settings, "HALL_ADDRESS", ""),
    )


def verification_path(code):
    try:
        return reverse("portal:verify", kwargs={"code": code})
    except NoReverseMatch:  # the portal is not installed
        return f"/verify/{code}/"


def _progress_url(request):
    for name in ("portal:progress", "portal:query"):
        try:
            return request.build_absolute_uri(reverse(name))
        except NoReverseMatch:
            continue
    return ""
