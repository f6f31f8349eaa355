"""督查看板: red/yellow/green by department and item, the overdue list, today's volumes; 督办."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from approvals import selectors as case_selectors
from approvals.constants import Level
from approvals.workbench import panels
from approvals.workbench.clockview import decorate
from approvals.workbench.helpers import CONFLICT_MESSAGE, staff_required
from approvals.workbench.views_case import case_context, case_url
from catalog.models import Department, Item
from hall.constants import BOARD_ROLES
from hall.parsing import parse_id
from hall.replica import reads_from_replica
from hall.selectors import board_hall_for, hall_trail, halls_under
from supervision import board_selectors as board
from supervision.actions import URGE


def _board_access(view):
    # The board's counts tolerate a second of replication lag: they may read from the replica.
    return staff_required(*BOARD_ROLES)(reads_from_replica(view))


def _board_scope(request):
    """(hall, hall ids or None) the board shows: the supervisor's hall, or one below it (?hall=code)."""
    hall = board_hall_for(request.user, (request.GET.get("hall") or "").strip()[:20])
    if hall is None:
        raise Http404(gettext("该大厅不存在或不在您的督查范围内。"))
    return hall, halls_under(hall)


@_board_access
def board_page(request):
    now = timezone.now()
    hall, halls = _board_scope(request)
    by_department = board.level_counts_by_department(now=now, halls=halls)
    by_hall = board.level_counts_by_hall(hall=hall, now=now)
    context = {
        "now": now,
        "hall": hall,
        "hall_trail": hall_trail(hall),
        "by_hall": by_hall if len(by_hall) > 1 else [],
        "by_department": by_department,
        "by_item": board.level_counts_by_item(now=now, halls=halls)[:30],
        "totals": board.level_totals(by_department),
        "overdue": board.overdue_cases(now=now, limit=50, halls=halls),
        "volumes": board.todays_volumes(now=now, halls=halls),
        "panels": panels.panels(panels.BOARD, request),
    }
    return render(request, "supervision/board/board.html", context)


@_board_access
def board_cases(request):
    """Drill-down behind a count: the cases, each linking to its read-only case page."""
    # Ids and levels come from links on the board; anything else is treated as "not given".
    department = parse_id(request.GET.get("department"))
    item = parse_id(request.GET.get("item"))
    level = request.GET.get("level") if request.GET.get("level") in Level.values else None
    hall, halls = _board_scope(request)
    # A hall row's "本级" numbers: cases decided in that hall itself, not below it.
    own = board_hall_for(request.user, (request.GET.get("decision_hall") or "").strip()[:20])
    if request.GET.get("decision_hall") and own is None:
        raise Http404(gettext("该大厅不存在或不在您的督查范围内。"))
    if request.GET.get("decision_hall"):
        hall, halls = own, [own.pk]
    cases = decorate(
        list(board.board_case_list(user=request.user, department=department, item=item, level=level, halls=halls)[:300])
    )
    context = {
        "cases": cases,
        "hall": hall,
        "level": level,
        "department": Department.objects.filter(pk=department).first() if department else None,
        "item": Item.objects.filter(pk=item).first() if item else None,
    }
    return render(request, "supervision/board/cases.html", context)


def _case_page(request, case, *, status, **extra):
    """The shared case page again, with the urge form's error or the conflict banner."""
    context = {**case_context(request, case), **extra}
    return render(request, "approvals/workbench/case.html", context, status=status)


@staff_required()
@require_POST
def urge(request, number):
    """督办 from the case page: the service checks the role (403) and the state (409)."""
    case = case_selectors.case_detail(user=request.user, number=number)  # 404 when not visible
    form = URGE.make_form(case, data=request.POST)
    note = request.POST.get("note", "")
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        return _case_page(request, case, status=400, urge_error=" ".join(errors), urge_note=note)
    try:
        URGE.run(case=case, by=request.user, data=form.cleaned_data)
    except ValidationError as exc:
        return _case_page(request, case, status=400, urge_error=" ".join(exc.messages), urge_note=note)
    except (TransitionNotAllowed, ConcurrentTransition) as exc:
        fresh = case_selectors.case_detail(user=request.user, number=number)
        banner = {"kind": "error", "text": str(exc) or CONFLICT_MESSAGE}
        return _case_page(request, fresh, status=409, banner=banner)
    messages.success(request, str(URGE.done).format(case=case.number, department=case.department.name))
    return redirect(case_url(case))
