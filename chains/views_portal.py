"""The applicant's 一件事 pages in the online hall: apply from the guide, list, follow one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.models import Chain
from catalog.selectors import chain_stages
from chains import forms, selectors, services
from chains.clock import countdown_text
from chains.views_common import applicant_required, no_store
from hall.selectors import applicant_profile_of, staff_profile_of


def _chain_or_404(code):
    from django.http import Http404

    try:
        return selectors.chain_get(code=code)
    except Chain.DoesNotExist as exc:
        raise Http404("no such chain") from exc


@require_http_methods(["GET", "POST"])
@applicant_required
@no_store
def apply(request, code):
    chain = _chain_or_404(code)
    profile = applicant_profile_of(request.user)
    errors = []
    if staff_profile_of(request.user) is not None or profile is None:
        errors.append(_("当前账号没有申请人信息，请使用申请人账号登录或注册。"))
    offline = [s.item.name for s in chain.steps.all() if not s.item.online]
    if offline:
        errors.append(_("以下事项不可网上办理，请到综合受理窗口申请：%(names)s。") % {"names": "、".join(offline)})
    if request.method == "POST" and not errors:
        try:
            app = services.chain_application_submit(
                chain=chain,
                by=request.user,
                channel="online",
                files=forms.files_from(request, chain=chain),
                form=forms.form_data_from(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            errors = forms.messages_of(exc)
        else:
            return redirect("chains:portal-detail", number=app.number)
    days, hours = selectors.chain_limit(chain=chain)
    context = {
        "chain": chain,
        "stages": chain_stages(chain),
        "profile": profile,
        "materials": selectors.merged_materials(chain=chain),
        "errors": errors,
        "limit_days": days,
        "limit_hours": hours,
        "legal_days": selectors.legal_days_sum(chain=chain),
        "form": request.POST if request.method == "POST" else {},
    }
    status = 400 if errors and request.method == "POST" else 200
    return render(request, "chains/portal_apply.html", context, status=status)


@applicant_required
@no_store
def my_applications(request):
    apps = selectors.applications_visible_to(request.user).filter(applicant_user=request.user)
    return render(request, "chains/portal_list.html", {"applications": apps})


@applicant_required
@no_store
def detail(request, number):
    app = selectors.own_application_get(user=request.user, number=number)
    return render(request, "chains/portal_detail.html", detail_context(app))


def detail_context(app):
    now = timezone.now()
    return {
        "app": app,
        "runs": selectors.runs_of(app),
        "materials": app.materials.prefetch_related("uses__case_material__case__item").order_by("position"),
        "notices": app.notices.order_by("-at", "-id"),
        "level": selectors.level_of(app, now=now),
        "countdown": countdown_text(now=now, deadline_at=app.deadline_at, in_hours=bool(app.limit_hours))
        if app.clock_running
        else "",
        "limit": services.limit_text(app),
        "licence": services.licence_of(app),
    }
