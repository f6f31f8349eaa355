"""督查看板: red/yellow/green by department and item, the overdue list, today's volumes."""

from django.shortcuts import render
from django.utils import timezone

from approvals.constants import Level
from approvals.workbench.clockview import decorate
from approvals.workbench.helpers import staff_required
from catalog.models import Department, Item
from hall.constants import Role
from hall.parsing import parse_id
from supervision import board_selectors as board

BOARD_ROLES = (Role.SUPERVISOR, Role.HALL_ADMIN)


def _board_access(view):
    return staff_required(*BOARD_ROLES)(view)


@_board_access
def board_page(request):
    now = timezone.now()
    by_department = board.level_counts_by_department(now=now)
    context = {
        "now": now,
        "by_department": by_department,
        "by_item": board.level_counts_by_item(now=now)[:30],
        "totals": board.level_totals(by_department),
        "overdue": board.overdue_cases(now=now, limit=50),
        "volumes": board.todays_volumes(now=now),
    }
    return render(request, "supervision/board/board.html", context)


@_board_access
def board_cases(request):
    """Drill-down behind a count: the cases, each linking to its read-only case page."""
    # Ids and levels come from links on the board; anything else is treated as "not given".
    department = parse_id(request.GET.get("department"))
    item = parse_id(request.GET.get("item"))
    level = request.GET.get("level") if request.GET.get("level") in Level.values else None
    cases = decorate(
        list(board.board_case_list(user=request.user, department=department, item=item, level=level)[:300])
    )
    context = {
        "cases": cases,
        "level": level,
        "department": Department.objects.filter(pk=department).first() if department else None,
        "item": Item.objects.filter(pk=item).first() if item else None,
    }
    return render(request, "supervision/board/cases.html", context)
