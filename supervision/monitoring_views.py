"""电子监察 pages: the findings list with tallies and standings, one finding with explain/review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.workbench.helpers import staff_required
from hall.constants import Role
from hall.parsing import parse_id
from hall.selectors import staff_profile_of
from supervision import monitoring
from supervision import monitoring_selectors as selectors
from supervision.monitoring_models import FindingLevel, FindingStatus

MONITOR_ROLES = (Role.SUPERVISOR, Role.HALL_ADMIN, Role.CHIEF, Role.REVIEWER)


def _is_supervisor(user):
    profile = staff_profile_of(user)
    return user.is_superuser or (profile is not None and profile.role in (Role.SUPERVISOR, Role.HALL_ADMIN))


@staff_required(*MONITOR_ROLES)
def findings_page(request):
    status = request.GET.get("status") if request.GET.get("status") in FindingStatus.values else None
    level = request.GET.get("level") if request.GET.get("level") in FindingLevel.values else None
    findings = selectors.findings_for(user=request.user, status=status, level=level)[:200]
    context = {
        "findings": findings,
        "tallies": selectors.monthly_card_tallies(user=request.user),
        "weeks": selectors.department_weeks(user=request.user),
        "status": status,
        "level": level,
        "statuses": FindingStatus.choices,
        "levels": FindingLevel.choices,
    }
    return render(request, "supervision/monitoring/findings.html", context)


@staff_required(*MONITOR_ROLES)
def finding_page(request, pk):
    finding = selectors.finding_get(user=request.user, pk=parse_id(pk))
    profile = staff_profile_of(request.user)
    context = {
        "finding": finding,
        "may_explain": finding.status == FindingStatus.OPEN
        and profile is not None
        and profile.department_id == finding.department_id
        and profile.role in (Role.CHIEF, Role.REVIEWER),
        "may_review": finding.status == FindingStatus.EXPLAINED and _is_supervisor(request.user),
    }
    return render(request, "supervision/monitoring/finding.html", context)


@require_POST
@staff_required(*MONITOR_ROLES)
def finding_act(request, pk):
    finding = selectors.finding_get(user=request.user, pk=parse_id(pk))
    try:
        if request.POST.get("act") == "explain":
            monitoring.finding_explain(finding=finding, text=request.POST.get("explanation", ""), by=request.user)
            messages.success(request, _("情况说明已提交，等待督查审核。"))
        elif request.POST.get("act") in ("accept", "uphold"):
            monitoring.finding_review(
                finding=finding,
                accept=request.POST["act"] == "accept",
                note=request.POST.get("note", ""),
                by=request.user,
            )
            messages.success(request, _("审核结果已记录。"))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("supervision:finding", pk=finding.pk)
