"""The shared case page (scoped by role), its actions, materials and the ID check endpoint."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from approvals import actions as action_table
from approvals import policies, selectors, services
from approvals.constants import Action, CaseState
from approvals.workbench import forms, panels
from approvals.workbench.actions import allowed_actions, make_form, workbench_row
from approvals.workbench.clockview import remaining_working_days, step_name
from approvals.workbench.helpers import CONFLICT_MESSAGE, add_service_errors, staff_required
from audit import services as audit
from hall.identity import clean_id_number

# States in which the front desk still collects materials (the checklist is editable).
_COLLECTING = {CaseState.SUBMITTED, CaseState.RECEIVED, CaseState.SUPPLEMENT_REQUESTED}


def case_context(request, case, *, bound=None, material_form=None, material_error_for=None, confirming=False):
    """Everything the case page shows; `bound` is a failing action form to show with its errors."""
    actions = allowed_actions(request.user, case)
    forms_by_slug = {slug: make_form(slug, case) for slug in actions}
    if bound is not None:
        forms_by_slug[bound.prefix] = bound
    rows = case.material_rows
    missing = [m for m in rows if m.required and not m.satisfied]
    may_collect = case.state in _COLLECTING and policies.may(request.user, Action.RECORD_MATERIAL, case)
    last = case.event_rows[-1] if case.event_rows else None
    returned = last if last is not None and last.action == Action.RETURN and case.state == CaseState.RECEIVED else None
    return {
        "case": case,
        "returned": returned,
        "materials": rows,
        "missing_required": missing,
        "may_collect": may_collect,
        "actions": actions,
        "forms": forms_by_slug,
        "open_action": bound.prefix if bound is not None else (request.GET.get("action") or _default_open(actions)),
        "labels": {row.slug: row.label for row in action_table.rows()},
        "one_click": [row.slug for row in action_table.rows() if row.one_click],
        "remaining": remaining_working_days(case),
        "step_label": step_name(case),
        "supplemented_at": _supplemented_at(case, rows),
        "material_form_errors": material_form.errors if material_form is not None else None,
        "material_error_for": material_error_for,
        "next": _safe_next(request),
        "urge_url": _urge_url(request.user, case),
        "confirming": bound.prefix if confirming and bound is not None else "",
        "panels": panels.panels(panels.CASE, request, case=case),
    }


def _urge_url(user, case):
    """Where a supervisor posts a 督办 (the row and the page are supervision's, when installed), or None."""
    row = action_table.get("urge")
    if row is None or not row.offered(user, case):
        return None
    try:
        return reverse("supervision:urge", kwargs={"number": case.number})
    except NoReverseMatch:
        return None


def _supplemented_at(case, rows):
    """When the applicant last uploaded a material since the open suspension began (None if not).

    Uses the rows case_detail already loaded: no query. The department checks the file, then resumes.
    """
    if case.state != CaseState.SUSPENDED:
        return None
    open_ = next((s for s in getattr(case, "suspension_rows", []) if s.ended_at is None), None)
    if open_ is None:
        return None
    times = [
        m.uploaded_at
        for m in rows
        if m.uploaded_at and m.uploaded_at >= open_.started_at and m.uploaded_by_id == case.applicant_user_id
    ]
    return max(times, default=None)


# The step that finishes the case at this desk opens by itself (one fewer click).
_OPEN_BY_DEFAULT = ("decide", "issue", "deliver")


def _default_open(actions):
    return next((slug for slug in _OPEN_BY_DEFAULT if slug in actions), "")


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _render_case(request, number, *, status=200, banner=None, case=None, **extra):
    case = case or selectors.case_detail(user=request.user, number=number)
    context = case_context(request, case, **extra)
    context["banner"] = banner
    if request.htmx and request.resolver_match.url_name in _MATERIAL_VIEWS:
        # Ticked without a reload: the materials, the readiness line, the actions and the
        # timeline come back; a refusal shows in the panel (htmx swaps only 2xx answers).
        context["material_banner"] = banner["text"] if banner else ""
        return render(request, "approvals/workbench/_materials_response.html", context)
    return render(request, "approvals/workbench/case.html", context, status=status)


_MATERIAL_VIEWS = {"case-material", "case-materials-all-paper"}


@staff_required()
@require_GET
def case_page(request, number):
    case = selectors.case_detail(user=request.user, number=number)
    audit.record_case_view(request=request, case=case, view="staff-case-page")  # 等保: who saw whose data
    return _render_case(request, number, case=case)


@staff_required()
@require_POST
def case_action(request, number, action):
    row = workbench_row(action)
    if row is None:
        raise Http404(_("没有这个操作。"))
    # One plain look-up (no level, no timeline): the service locks it and refreshes it in place.
    case = selectors.case_for_action(user=request.user, number=number)
    form = make_form(action, case, request.POST, request.FILES)
    if not form.is_valid():
        return _render_case(request, number, status=400, bound=form)
    if getattr(form, "needs_confirmation", False):  # e.g. 不予受理: show what will happen, ask once more
        return _render_case(request, number, bound=form, confirming=True)
    try:
        result = row.run(case=case, by=request.user, data=form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render_case(request, number, status=getattr(exc, "http_status", 400), bound=form)
    except (TransitionNotAllowed, ConcurrentTransition) as exc:
        banner = {"kind": "conflict", "text": CONFLICT_MESSAGE, "detail": str(exc)}
        return _render_case(request, number, status=409, banner=banner)
    except PermissionDenied as exc:
        banner = {"kind": "error", "text": str(exc) or _("您无权执行该操作。")}
        return _render_case(request, number, status=403, banner=banner)
    if isinstance(result, action_table.Held):  # another app holds it for someone's confirmation
        messages.info(request, str(result.message))
        return redirect(result.url or case_url(case))
    messages.success(request, row.done_message(case))
    return redirect(_safe_next(request) or case_url(case))


@staff_required()
@require_POST
def case_material(request, number):
    """Tick paper (original/copy), upload a file, or mark 容缺/承诺 for one material."""
    case = selectors.case_detail(user=request.user, number=number)
    form = forms.MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_case(
            request, number, status=400, material_form=form, material_error_for=_int(request.POST.get("requirement"))
        )
    requirement_id = form.cleaned_data["requirement"]
    try:
        services.case_record_material(
            case=case, requirement_id=requirement_id, by=request.user, **form.service_kwargs()
        )
    except ValidationError as exc:
        add_service_errors(form, exc, {"paper": "op", "status": "op", "requirement": "op"})
        return _render_case(
            request,
            number,
            status=getattr(exc, "http_status", 400),
            material_form=form,
            material_error_for=requirement_id,
        )
    except (TransitionNotAllowed, ConcurrentTransition) as exc:
        banner = {"kind": "conflict", "text": CONFLICT_MESSAGE, "detail": str(exc)}
        return _render_case(request, number, status=409, banner=banner)
    except PermissionDenied as exc:
        return _render_case(request, number, status=403, banner={"kind": "error", "text": str(exc)})
    if request.htmx:
        return _render_case(request, number)
    return redirect(case_url(case) + f"#material-{requirement_id}")


@staff_required()
@require_POST
def case_materials_all_paper(request, number):
    """全部收取（纸质原件）: every required material still missing, as paper originals, at once."""
    case = selectors.case_detail(user=request.user, number=number)
    try:
        done = services.case_receive_all_paper(case=case, by=request.user)
    except ValidationError as exc:
        return _render_case(request, number, status=400, banner={"kind": "error", "text": " ".join(exc.messages)})
    except (TransitionNotAllowed, ConcurrentTransition) as exc:
        banner = {"kind": "conflict", "text": CONFLICT_MESSAGE, "detail": str(exc)}
        return _render_case(request, number, status=409, banner=banner)
    except PermissionDenied as exc:
        return _render_case(request, number, status=403, banner={"kind": "error", "text": str(exc)})
    if request.htmx:
        return _render_case(request, number)
    messages.success(request, _("已收取 %(n)s 项纸质原件。") % {"n": len(done)})
    return redirect(case_url(case) + "#materials-panel")


@staff_required()
@require_GET
def material_file(request, number, requirement_id):
    """A material's file, for staff who may see the case (404 otherwise)."""
    case = selectors.case_get_visible(user=request.user, number=number)
    material = case.materials.filter(requirement_id=requirement_id).first()
    if material is None or not material.file:
        raise Http404(_("该材料没有电子文件。"))
    name = material.file.name.rsplit("/", 1)[-1]
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:  # lost before files were replaced only on commit (issue 21)
        raise Http404(_("该材料的电子文件已丢失，请重新上传。")) from None
    audit.record_file_download(request=request, case=case, file_kind="material", name=name)
    return FileResponse(handle, content_type=material.content_type or None, filename=name)


@staff_required()
@require_POST
def id_check(request):
    """As the clerk types: is this ID number valid? {"ok": bool, "message": "..."} in Chinese.

    POST, not GET: an ID number in a query string would land in every access log (DESIGN §7).
    """
    kind = request.POST.get("type") or "person"
    value = request.POST.get("value") or ""
    if not value.strip():
        return JsonResponse({"ok": False, "message": ""})
    try:
        number = clean_id_number(applicant_type=kind, value=value)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "message": " ".join(exc.messages)})
    return JsonResponse({"ok": True, "message": _("号码有效"), "value": number})


def case_url(case):
    return reverse("approvals:case", kwargs={"number": case.number})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
