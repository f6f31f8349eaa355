"""Staff pages of 一件事: the list, one application (every case, its holder, what waits on what),
the desk's one registration, the completed-item window's one pickup and its 送达回证."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.workbench.helpers import staff_required
from catalog.models import Chain
from catalog.selectors import chain_list, chain_stages
from chains import forms, selectors, services
from chains.views_portal import detail_context
from hall.constants import Role


@staff_required()
def staff_list(request):
    now = timezone.now()
    apps = list(selectors.applications_visible_to(request.user).order_by("-submitted_at")[:200])
    for app in apps:
        app.level = selectors.level_of(app, now=now)
    chains = chain_list() if request.staff is None or request.staff.role == Role.FRONT_DESK else []
    return render(request, "chains/staff_list.html", {"applications": apps, "chains": chains})


@staff_required()
def staff_detail(request, number):
    app = selectors.application_get(user=request.user, number=number)
    context = detail_context(app)
    role = request.staff.role if request.staff else Role.HALL_ADMIN
    context["may_deliver"] = role == Role.DELIVERY
    context["may_meet"] = role in (Role.FRONT_DESK, Role.CHIEF, Role.HALL_ADMIN)
    context["meetings"] = app.meetings.prefetch_related("invitations__department").order_by("-starts_at")
    return render(request, "chains/staff_detail.html", context)


@require_http_methods(["GET", "POST"])
@staff_required(Role.FRONT_DESK)
def register(request, code):
    try:
        chain = selectors.chain_get(code=code)
    except Chain.DoesNotExist as exc:
        raise Http404("no such chain") from exc
    errors = []
    if request.method == "POST":
        try:
            app = services.chain_application_submit(
                chain=chain,
                by=request.user,
                channel="window",
                applicant=forms.applicant_from(request),
                files=forms.files_from(request, chain=chain),
                paper=forms.paper_from(request, chain=chain),
                form=forms.form_data_from(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            errors = forms.messages_of(exc)
        else:
            messages.success(request, _("一件事已登记，各事项办件已生成。"))
            return redirect("chains:staff-detail", number=app.number)
    days, hours = selectors.chain_limit(chain=chain)
    context = {
        "chain": chain,
        "stages": chain_stages(chain),
        "materials": selectors.merged_materials(chain=chain),
        "errors": errors,
        "form": request.POST if request.method == "POST" else {},
        "limit_days": days,
        "limit_hours": hours,
    }
    return render(request, "chains/staff_register.html", context, status=400 if errors else 200)


@require_POST
@staff_required(Role.DELIVERY)
def deliver_all(request, number):
    app = selectors.application_get(user=request.user, number=number)
    try:
        services.chain_deliver_all(
            application=app,
            by=request.user,
            collector_name=(request.POST.get("collector_name") or "").strip(),
            collector_id_number=(request.POST.get("collector_id_number") or "").strip(),
            authorisation_letter=bool(request.POST.get("authorisation_letter")),
        )
    except (ValidationError, PermissionDenied) as exc:
        for text in forms.messages_of(exc):
            messages.error(request, text)
        return redirect("chains:staff-detail", number=app.number)
    messages.success(request, _("全部结果已一次领取，请打印送达回证。"))
    return redirect("chains:receipt", number=app.number)


@staff_required()
def receipt(request, number):
    """送达回证 for the whole chain: one page listing every result handed over."""
    app = selectors.application_get(user=request.user, number=number)
    runs = [r for r in selectors.runs_of(app) if r.case is not None]
    results = []
    for run in runs:
        result = services.result_of(run.case)
        results.append({"run": run, "case": run.case, "result": result})
    licence = services.licence_of(app)
    return render(request, "chains/receipt.html", {"app": app, "rows": results, "licence": licence})


@staff_required(Role.SUPERVISOR, Role.HALL_ADMIN, Role.CHIEF)
def board(request):
    """Chains on the board: how many run, red/yellow, and each chain's compression of time."""
    return render(request, "chains/board.html", {"figures": selectors.board_figures()})
