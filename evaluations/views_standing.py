"""Standing: monthly/quarterly rankings, awards the hall admin confirms, the public star page, and
satisfaction on the supervisor board."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from approvals.workbench.helpers import staff_required
from evaluations import rankings, selectors, services
from evaluations.models import Award
from hall.constants import Role

BOARD_ROLES = (Role.SUPERVISOR, Role.HALL_ADMIN)


def _period(request):
    text = request.GET.get("period") or request.POST.get("period")
    if text:
        try:
            return rankings.parse_period(text), None
        except ValidationError as exc:
            return rankings.current_month(), " ".join(exc.messages)
    return rankings.current_month(), None


@require_safe
@staff_required(*BOARD_ROLES)
def ranking_page(request):
    period, error = _period(request)
    windows = rankings.window_ranking(period)
    context = {
        "period": period,
        "previous": period.previous(),
        "error": error,
        "windows": windows,
        "departments": rankings.department_ranking(period),
        "staff": rankings.staff_ranking(period),
        "talks": rankings.talk_flags(period, ranked=windows),
        "awards": Award.objects.filter(period=period.key)
        .select_related("window", "staff")
        .order_by("kind", "-average"),
        "is_admin": request.staff is None or request.staff.role == Role.HALL_ADMIN,
        "this_month": rankings.current_month(),
        "this_quarter": rankings.current_quarter(),
    }
    return render(request, "evaluations/rankings.html", context, status=400 if error else 200)


@require_POST
@staff_required(Role.HALL_ADMIN)
def awards_propose(request):
    period, error = _period(request)
    if error:
        messages.error(request, error)
    else:
        made = services.awards_propose(period=period.key, by=request.user)
        messages.success(request, _("已按排名推荐 %(n)s 项称号，请确认。") % {"n": len(made)})
    return redirect(f"{_ranking_url()}?period={period.key}")


@require_POST
@staff_required(Role.HALL_ADMIN)
def award_confirm(request, pk):
    award = get_object_or_404(Award, pk=pk)
    try:
        services.award_confirm(award=award, by=request.user)
    except services.EvaluationConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认：%(award)s") % {"award": award.get_kind_display()})
    return redirect(f"{_ranking_url()}?period={award.period}")


def _ranking_url():
    from django.urls import reverse

    return reverse("evaluations:rankings")


@require_safe
def stars(request):
    """Public: the current 红旗窗口, 星级窗口 and 服务之星."""
    period, awards = selectors.current_stars()
    label = ""
    if period:
        try:
            label = rankings.parse_period(period).label
        except ValidationError:
            label = period
    groups = {}
    for award in awards:
        groups.setdefault(award.get_kind_display(), []).append(award)
    return render(request, "evaluations/stars.html", {"period": period, "period_label": label, "groups": groups})


@require_safe
@staff_required(*BOARD_ROLES)
def board_satisfaction(request):
    days = request.GET.get("days")
    days = int(days) if (days or "").isdigit() and 1 <= int(days) <= 366 else 30
    now = timezone.now()
    context = {"days": days, "now": now, **selectors.satisfaction(since=now - timedelta(days=days))}
    return render(request, "evaluations/board_satisfaction.html", context)
