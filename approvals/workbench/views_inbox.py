"""后台审批: the department's inbox — acknowledge in time, then review by urgency."""

from django.shortcuts import render

from approvals.constants import CaseState
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
    in_review = decorate(list(inbox_in_review(user=request.user, department_id=dept)[:200]))
    is_chief = request.staff.role == Role.CHIEF
    # 首席代表: the cases waiting for the chief's own decision come first, apart from the reviewers' list.
    to_decide = [c for c in in_review if c.state == CaseState.IN_REVIEW and c.at_decision_step()] if is_chief else []
    context = {
        "dispatched": dispatched,
        "is_chief": is_chief,
        "to_decide": to_decide,
        "in_review": [c for c in in_review if c not in to_decide],
        "decided": list(inbox_decided(user=request.user, department_id=dept)[:100]),
        "department": request.staff.department,
        "panels": panels.panels(panels.INBOX, request),
    }
    template = "approvals/workbench/inbox.html"
    if request.htmx and request.GET.get("part") == "dispatched":
        template = "approvals/workbench/_inbox_dispatched.html"
    return render(request, template, context)
