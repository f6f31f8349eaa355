"""后台审批: the department's inbox — acknowledge in time, then review by urgency."""

from django.shortcuts import render

from approvals.workbench import panels
from approvals.workbench.actions import allowed_actions
from approvals.workbench.clockview import decorate
from approvals.workbench.helpers import staff_required
from approvals.workbench.queries import inbox_decided, inbox_dispatched, inbox_in_review
from hall.constants import Role


@staff_required(Role.REVIEWER, Role.CHIEF)
def inbox(request):
    dept = request.staff.department_id
    dispatched = list(inbox_dispatched(user=request.user, department_id=dept))
    for case in dispatched:
        case.allowed = allowed_actions(request.user, case)
    context = {
        "dispatched": dispatched,
        "in_review": decorate(list(inbox_in_review(user=request.user, department_id=dept)[:200])),
        "decided": list(inbox_decided(user=request.user, department_id=dept)[:100]),
        "department": request.staff.department,
        "panels": panels.panels(panels.INBOX, request),
    }
    template = "approvals/workbench/inbox.html"
    if request.htmx and request.GET.get("part") == "dispatched":
        template = "approvals/workbench/_inbox_dispatched.html"
    return render(request, template, context)
