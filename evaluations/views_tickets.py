"""差评 and complaint tickets for staff: the list (scoped), one ticket with call-back, verdict and review;
the complaint desk records complaints made in person or by phone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals.workbench.helpers import staff_required
from catalog.models import Department
from evaluations import selectors, services
from evaluations.constants import ComplaintSource, ReviewDecision, TicketKind, TicketState, Verdict
from evaluations.forms import error_dict, parse_date
from evaluations.services.complaints import DESK_ROLES
from evaluations.services.tickets import may_handle, may_review
from hall.models import Window


@require_safe
@staff_required()
def ticket_list(request):
    now = timezone.now()
    qs = selectors.tickets_visible_to(request.user)
    state = request.GET.get("state")
    kind = request.GET.get("kind")
    qs = qs.filter(state=state) if state in TicketState.values else qs.exclude(state=TicketState.CLOSED)
    if kind in TicketKind.values:
        qs = qs.filter(kind=kind)
    tickets = list(qs[:200])
    for t in tickets:
        t.level_now = t.level_at(now)
    context = {
        "tickets": tickets,
        "state": state,
        "kind": kind,
        "states": TicketState.choices,
        "can_record": request.staff is None or request.staff.role in DESK_ROLES,
    }
    return render(request, "evaluations/tickets.html", context)


def _detail_context(request, ticket, **extra):
    return {
        "ticket": ticket,
        "level": ticket.level,
        "can_handle": may_handle(request.user, ticket),
        "can_review": may_review(request.user, ticket),
        "verdicts": Verdict.choices,
        "decisions": ReviewDecision.choices,
        "errors": {},
        **extra,
    }


@require_safe
@staff_required()
def ticket_detail(request, pk):
    ticket = selectors.ticket_detail(user=request.user, pk=pk)
    return render(request, "evaluations/ticket.html", _detail_context(request, ticket))


@require_POST
@staff_required()
def ticket_action(request, pk, action):
    ticket = selectors.ticket_detail(user=request.user, pk=pk)  # 404 when not visible
    post = request.POST
    try:
        if action == "callback":
            services.ticket_callback(ticket=ticket, note=post.get("callback_note"), by=request.user)
            messages.success(request, _("已记录回访。"))
        elif action == "respond":
            services.ticket_respond(
                ticket=ticket,
                verdict=post.get("verdict"),
                response=post.get("response"),
                plan_due=parse_date(post.get("plan_due")),
                by=request.user,
            )
            messages.success(request, _("整改情况已提交督查复核。"))
        elif action == "review":
            services.ticket_review(
                ticket=ticket, decision=post.get("decision"), note=post.get("review_note"), by=request.user
            )
            messages.success(request, _("复核意见已保存。"))
        else:
            from django.http import Http404

            raise Http404
    except ValidationError as exc:
        ctx = _detail_context(request, ticket, errors=error_dict(exc), values=post)
        return render(request, "evaluations/ticket.html", ctx, status=400)
    except services.EvaluationConflict as exc:
        fresh = selectors.ticket_detail(user=request.user, pk=pk)
        return render(
            request, "evaluations/ticket.html", _detail_context(request, fresh, conflict=str(exc)), status=409
        )
    return redirect("evaluations:ticket", pk=ticket.pk)


@require_http_methods(["GET", "POST"])
@staff_required(*DESK_ROLES)
def complaint_record(request):
    """The complaint desk records a complaint made in person (投诉窗口) or by phone."""
    context = {
        "departments": Department.objects.order_by("name"),
        "windows": Window.objects.filter(is_active=True),
        "sources": [c for c in ComplaintSource.choices if c[0] != ComplaintSource.PORTAL],
        "values": {},
        "errors": {},
    }
    if request.method == "POST":
        post = request.POST
        department = (
            Department.objects.filter(pk=post.get("department") or None).first()
            if (post.get("department") or "").isdigit()
            else None
        )
        window = Window.objects.filter(pk=post.get("window")).first() if (post.get("window") or "").isdigit() else None
        try:
            complaint = services.complaint_file(
                source=post.get("source"),
                subject=post.get("subject"),
                content=post.get("content"),
                department=department,
                window=window,
                name=post.get("name"),
                phone=post.get("phone"),
                anonymous=post.get("anonymous") == "1",
                by=request.user,
            )
        except ValidationError as exc:
            context.update(values=post, errors=error_dict(exc))
            return render(request, "evaluations/complaint_record.html", context, status=400)
        messages.success(request, _("投诉已登记，当日办结。"))
        return redirect("evaluations:ticket", pk=complaint.ticket.pk)
    return render(request, "evaluations/complaint_record.html", context)
