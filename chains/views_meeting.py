"""联审会议 pages: schedule one from a chain application, record a department's opinion,
conclude, and the printable minutes (会议纪要) with the combined one-time notice."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.workbench.helpers import staff_required
from catalog.models import Department
from chains import forms, meetings, selectors
from chains.constants import MeetingOutcome, OpinionKind
from hall.selectors import staff_profile_of


def _meeting_or_404(user, pk):
    meeting = meetings.meetings_visible_to(user).select_related("application__chain").filter(pk=pk).first()
    if meeting is None:
        raise Http404("no such meeting")
    return meeting


def _parse_time(value):
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@require_http_methods(["GET", "POST"])
@staff_required()
def schedule(request, number):
    app = selectors.application_get(user=request.user, number=number)
    runs = [r for r in selectors.runs_of(app) if r.case is not None]
    department_ids = {r.item.department_id for r in app.runs.select_related("item")}
    departments = Department.objects.filter(pk__in=department_ids).order_by("name")
    errors = []
    if request.method == "POST":
        chosen_depts = Department.objects.filter(pk__in=_ints(request.POST.getlist("departments")))
        chosen_cases = [r.case for r in runs if r.case.pk in set(_ints(request.POST.getlist("cases")))]
        try:
            meeting = meetings.meeting_schedule(
                application=app,
                title=request.POST.get("title", ""),
                starts_at=_parse_time(request.POST.get("starts_at")),
                place=request.POST.get("place", ""),
                departments=list(chosen_depts),
                cases=chosen_cases,
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            errors = forms.messages_of(exc)
        else:
            messages.success(request, _("联审会议已安排。"))
            return redirect("chains:meeting", pk=meeting.pk)
    context = {"app": app, "runs": runs, "departments": departments, "errors": errors, "form": request.POST}
    return render(request, "chains/meeting_new.html", context, status=400 if errors else 200)


def _ints(values):
    out = []
    for v in values:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            continue
    return out


@staff_required()
def meeting_page(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    profile = staff_profile_of(request.user)
    own = None
    if profile is not None and profile.department_id:
        own = meeting.invitations.filter(department_id=profile.department_id).first()
    context = {
        "meeting": meeting,
        "app": meeting.application,
        "invitations": meeting.invitations.select_related("department", "recorded_by").order_by("id"),
        "cases": meeting.cases.select_related("item", "department").order_by("id"),
        "own": own,
        "opinions": OpinionKind.choices,
        "outcomes": MeetingOutcome.choices,
        "may_conclude": meetings.may_schedule(request.user, meeting.application),
        "notice": meetings.combined_notice_text(meeting),
    }
    return render(request, "chains/meeting.html", context)


@require_POST
@staff_required()
def opinion(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    missing = [line for line in (request.POST.get("missing_materials") or "").splitlines() if line.strip()]
    try:
        meetings.meeting_record_opinion(
            meeting=meeting,
            opinion=request.POST.get("opinion", ""),
            text=request.POST.get("text", ""),
            missing_materials=missing,
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        for text in forms.messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("意见已记录。"))
    return redirect("chains:meeting", pk=meeting.pk)


@require_POST
@staff_required()
def conclude(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    try:
        meetings.meeting_conclude(
            meeting=meeting,
            outcome=request.POST.get("outcome", ""),
            conclusion=request.POST.get("conclusion", ""),
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        for text in forms.messages_of(exc):
            messages.error(request, text)
        return redirect("chains:meeting", pk=meeting.pk)
    messages.success(request, _("会议已结束，一次性告知已发送申请人。"))
    return redirect("chains:meeting-minutes", pk=meeting.pk)


@staff_required()
def minutes(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    context = {
        "meeting": meeting,
        "app": meeting.application,
        "invitations": meeting.invitations.select_related("department", "recorded_by").order_by("id"),
        "cases": meeting.cases.select_related("item", "department").order_by("id"),
        "notice": meetings.combined_notice_text(meeting),
    }
    return render(request, "chains/meeting_minutes.html", context)
