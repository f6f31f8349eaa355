"""出件窗口: results waiting for pickup, found by number, name or ID; handed over on the case page."""

from django.shortcuts import render

from approvals.workbench.helpers import staff_required
from approvals.workbench.queries import delivered_today, delivery_waiting
from hall.constants import Role


@staff_required(Role.DELIVERY)
def delivery(request):
    text = (request.GET.get("q") or "").strip()
    context = {
        "q": text,
        "waiting": list(delivery_waiting(user=request.user, text=text)[:100]),
        "delivered": list(delivered_today(user=request.user)[:50]),
    }
    return render(request, "approvals/workbench/delivery.html", context)
