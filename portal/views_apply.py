"""Apply online: start a draft from an item's guide, upload or reuse each material, submit;
supplement after a one-time notice. Every successful step is saved at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from approvals import actions as action_table
from approvals.constants import CaseState
from approvals.services import CaseConflict
from catalog.implementation_selectors import hall_options, placement_at, receiving_halls
from hall.parsing import parse_id
from hall.selectors import applicant_profile_of
from portal import selectors, services
from portal.constants import LibrarySource
from portal.views_common import applicant_required, base_url, maybe_url, no_store
from portal.wording import commitment_text


@require_http_methods(["GET", "POST"])
@applicant_required
@no_store
def apply(request, code):
    item = selectors.online_item(code=code)
    profile = applicant_profile_of(request.user)
    draft = selectors.draft_for(user=request.user, item=item)
    error = None
    if not item.online:
        error = _("该事项不可网上办理，请到综合受理窗口申请。")
    elif profile is None:
        error = _("当前账号没有申请人信息，请使用申请人账号登录或注册。")
    halls = receiving_halls(item=item)
    picked_code = (request.POST.get("hall") if request.method == "POST" else request.GET.get("hall")) or ""
    picked = _picked_hall(picked_code)
    if request.method == "POST" and error is None and picked_code and picked is None:
        error = _("所选大厅不存在或已停用，请重新选择受理大厅。")
    if request.method == "POST" and error is None:
        try:
            services.library_sync_results(owner=request.user, base_url=base_url(request))
            case = services.application_start(item=item, by=request.user, hall=picked)
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            return redirect("portal:case-materials", number=case.number)
    context = {
        "item": item,
        "profile": profile,
        "draft": draft,
        "error": error,
        "guide_url": maybe_url("catalog:guide-detail", code=item.code),
        "materials": item.materials.order_by("position", "id"),
        # The receiving hall (收件): offered when more than one hall can take the item in.
        "hall_options": hall_options(halls) if len(halls) > 1 else [],
        "picked_hall": (picked or next((h for h in halls if h.pk == item.department.hall_id), None)),
        # Who decides when the picked hall receives it (就近办 / 全市通办 may differ from the basic item).
        "deciding_department": _deciding_department(item, picked),
    }
    return render(request, "portal/apply.html", context, status=400 if error and request.method == "POST" else 200)


def _deciding_department(item, hall):
    placement = placement_at(item=item, hall=hall) if hall is not None else None
    return placement.department if placement is not None else item.department


def _picked_hall(code):
    from hall.models import Hall

    code = code.strip()[:20]
    return Hall.objects.filter(code=code, is_active=True).first() if code else None


@require_http_methods(["GET", "POST"])
@applicant_required
@no_store
def case_materials(request, number):
    case = selectors.my_case(user=request.user, number=number)
    in_review = selectors.may_supplement_in_review(case)
    if case.state not in selectors.EDITABLE_STATES and not in_review:
        messages.info(request, _("办件已进入办理环节，材料不能再在网上更改。"))
        return redirect("portal:case-detail", number=case.number)
    field_errors, top_errors = {}, []
    if request.method == "POST":
        services.library_sync_results(owner=request.user, base_url=base_url(request))
        saved = _save_materials(request, case, field_errors, top_errors)
        action = request.POST.get("action", "save")
        if not field_errors and not top_errors and in_review:
            if not saved:
                messages.info(request, _("请选择要补交的文件。"))
                return redirect("portal:case-materials", number=case.number)
            # The department checks the files and resumes the clock itself.
            messages.success(request, _("已补交，等待部门审查后恢复计时。"))
            return redirect("portal:case-detail", number=case.number)
        if not field_errors and not top_errors:
            done = _finish(request, case, action, top_errors)
            if done is not None:
                return done
            if not top_errors:
                messages.success(request, _("已保存。") if saved else _("没有新的材料需要保存。"))
                return redirect("portal:case-materials", number=case.number)
        elif saved:
            top_errors.insert(0, _("其余材料已保存，请处理标红的材料。"))
    case = selectors.my_case(user=request.user, number=number)
    context = _materials_context(request, case, field_errors, top_errors)
    context["review_supplement"] = _review_supplement(case) if in_review else None
    return render(request, "portal/case_materials.html", context, status=400 if field_errors or top_errors else 200)


# A material's status as the "leave for later" choice of the form ("" = I will upload it).
_LATER_CHOICE = {"missing": "", "deficient": "deficient", "committed": "committed"}


def _later_options(material):
    """The item's own rules: only materials it allows as 容缺/承诺 may be left for later online."""
    options = []
    if material.may_commit:
        options.append(("committed", _("告知承诺，后补材料"), commitment_text("committed", material.name)))
    if material.may_be_deficient:
        options.append(("deficient", _("容缺受理，后补材料"), commitment_text("deficient", material.name)))
    return options


def _save_materials(request, case, field_errors, top_errors):
    """Each material on its own: one refused file never loses the others."""
    saved = 0
    for material in case.materials.order_by("position", "requirement_id"):
        rid = material.requirement_id
        upload = request.FILES.get(f"file_{rid}")
        pick = (request.POST.get(f"library_{rid}") or "").strip()
        later = request.POST.get(f"later_{rid}")
        try:
            if upload:
                services.application_upload(case=case, requirement_id=rid, file=upload, by=request.user)
            elif parse_id(pick) is not None:
                services.application_use_library(
                    case=case, requirement_id=rid, library_id=parse_id(pick), by=request.user
                )
            elif later is not None and later != _LATER_CHOICE.get(material.status):
                services.application_leave_for_later(case=case, requirement_id=rid, how=later, by=request.user)
            else:
                continue
        except ValidationError as exc:
            field_errors[rid] = exc.messages
        except (CaseConflict, PermissionDenied) as exc:
            top_errors.append(str(exc))
            break
        else:
            saved += 1
    return saved


def _finish(request, case, action, top_errors):
    try:
        if action == "submit" and case.state == CaseState.DRAFT:
            services.application_submit(case=case, by=request.user)
            messages.success(request, action_table.get("submit").done)
        elif action == "supplement" and case.state == CaseState.SUPPLEMENT_REQUESTED:
            services.application_supplement(case=case, by=request.user)
            messages.success(request, _("补正材料已提交，请等待窗口审核。"))
        else:
            return None
    except ValidationError as exc:
        top_errors.extend(exc.messages)
        return None
    except (CaseConflict, PermissionDenied) as exc:
        top_errors.append(str(exc))
        return None
    return redirect("portal:case-detail", number=case.number)


def _review_supplement(case):
    rows = list(case.materials.all())
    return selectors.review_supplement_status(case, selectors.open_suspension(case), rows)


def _materials_context(request, case, field_errors, top_errors):
    library = list(selectors.library_for(owner=request.user))
    results = [lib for lib in library if lib.source == LibrarySource.RESULT]
    notice = selectors.supplement_notice(case)
    editable = case.state in (CaseState.DRAFT, CaseState.SUPPLEMENT_REQUESTED)
    rows = []
    for material in case.materials.order_by("position", "requirement_id"):
        named = notice is not None and material.requirement_id in notice["requirement_ids"]
        redo = named and (material.uploaded_at is None or material.uploaded_at < notice["at"])
        shared = services.shared_result_for(material.name, results)
        rows.append(
            {
                "material": material,
                "errors": field_errors.get(material.requirement_id, []),
                "named_in_notice": named,
                "needs_upload": redo or material.status == "missing",
                "suggested": [
                    lib
                    for lib in library
                    if lib.name == material.name or lib.sha256 == material.sha256 or lib == shared
                ],
                # 数据共享: the hall already issued this document to the applicant.
                "shared": shared,
                "shared_in_use": shared is not None and material.sha256 == shared.sha256,
                "later_options": _later_options(material) if editable and material.status != "received" else [],
                "later_choice": _LATER_CHOICE.get(material.status, ""),
            }
        )
    return {
        "case": case,
        "rows": rows,
        "library": library,
        "notice": notice,
        "missing": selectors.missing_required(case),
        "top_errors": top_errors,
    }
