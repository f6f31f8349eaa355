"""The front office's panels on the workbench pages (registered in hooks.install)."""

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string as _render
from django.utils import timezone

from frontoffice import selectors
from frontoffice.services.vetting import may_confirm
from hall.constants import Role
from hall.selectors import staff_profile_of


def render_to_string(template, context, request):
    """A panel's HTML without running the context processors again (the page already did)."""
    return _render(template, {**context, "csrf_token": get_token(request), "me": request.user.pk})


def case_confirmation(request, *, case):
    """A pending 不予受理 (or late notice) on the case page: the clerk waits, the chief decides."""
    rows = selectors.case_confirmations(case=case)
    if not rows:
        return ""
    now = timezone.now()
    for row in rows:
        row.level = row.level_at(now)
    return render_to_string(
        "frontoffice/_case_confirmations.html",
        {"rows": rows, "may_confirm": may_confirm(request.user, case), "case": case},
        request=request,
    )


def case_thread(request, *, case):
    side = selectors.thread_side(request.user, case)
    if side is None:
        return ""
    rows, unread = selectors.thread_with_unread(case=case, user=request.user)
    return render_to_string(
        "frontoffice/_case_thread.html",
        {"case": case, "messages_": rows, "unread": unread, "poll": settings.HALL_THREAD_POLL_SECONDS},
        request=request,
    )


def case_bags(request, *, case):
    from approvals import policies

    bags = selectors.case_bags(case=case)
    may_seal = policies.may_record_paper_or_status(request.user, case) and case.state not in (
        "draft",
        "submitted",
        "not_accepted",
        "withdrawn",
    )
    if not bags and not may_seal:
        return ""
    now = timezone.now()
    for bag in bags:
        bag.level = bag.level_at(now)
    return render_to_string(
        "frontoffice/_case_bags.html", {"case": case, "bags": bags, "may_seal": may_seal}, request=request
    )


def desk_panel(request):
    unread = selectors.unread_by_case(user=request.user)
    owned = list(selectors.enquiries_owned(user=request.user)[:20])
    return render_to_string(
        "frontoffice/_desk_panel.html", {"unread": unread, "owned": owned, "role": "desk"}, request=request
    )


def inbox_panel(request):
    profile = staff_profile_of(request.user)
    unread = selectors.unread_by_case(user=request.user)
    pending = list(selectors.confirmations_for(user=request.user)[:50]) if profile.role == Role.CHIEF else []
    now = timezone.now()
    for row in pending:
        row.level = row.level_at(now)
    if not unread and not pending:
        return ""
    return render_to_string(
        "frontoffice/_desk_panel.html",
        {"unread": unread, "pending": pending, "owned": [], "role": "inbox"},
        request=request,
    )


def board_panel(request):
    now = timezone.now()
    bags = selectors.bags_missing_handover(now=now)
    overdue = selectors.confirmations_overdue(now=now)
    pending = selectors.confirmations_for(user=request.user)
    pending = list(pending[:50])
    for row in pending:
        row.level = row.level_at(now)
    return render_to_string(
        "frontoffice/_board_panel.html",
        {"bags": bags, "overdue": overdue, "pending": pending, "now": now},
        request=request,
    )
