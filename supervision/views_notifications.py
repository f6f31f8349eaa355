"""The in-app notification list (time-limit warnings) and marking one read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from supervision.selectors import notifications_for, unread_notification_count
from supervision.services import notification_mark_read, notifications_mark_all_read


def _case_url(number):
    try:
        return reverse("approvals:case", kwargs={"number": number})
    except NoReverseMatch:  # the workbench is not installed
        return ""


@login_required
def notifications(request):
    page = Paginator(notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    rows = [(n, _case_url(n.case.number) if n.case_id else "") for n in page.object_list]
    return render(
        request,
        "supervision/notifications.html",
        {"page": page, "rows": rows, "unread": unread_notification_count(user=request.user)},
    )


@login_required
@require_POST
def notification_read(request, pk):
    if pk == 0:
        notifications_mark_all_read(by=request.user)
        return redirect("supervision:notifications")
    notification = get_object_or_404(notifications_for(user=request.user), pk=pk)
    notification_mark_read(notification=notification, by=request.user)
    target = _case_url(notification.case.number) if notification.case_id else ""
    if request.POST.get("open") and target:
        return redirect(target)
    return redirect("supervision:notifications")
