"""出件窗口: results waiting for pickup, found by number, name or ID; handed over on the case page."""

from django.shortcuts import render

from approvals.workbench.helpers import staff_required
from approvals.workbench.queries import delivered_today, delivery_waiting, waiting_age
from audit import services as audit
from audit.constants import Kind
from hall.constants import Role


@staff_required(Role.DELIVERY)
def delivery(request):
    text = (request.GET.get("q") or "").strip()
    context = {
        "q": text,
        "waiting": _with_age(delivery_waiting(user=request.user, text=text)[:100]),
        "delivered": list(delivered_today(user=request.user)[:50]),
    }
    # The posting phones are shown in full (the courier needs them): one audit row names the cases.
    posted = [c.number for c in context["waiting"] if _posted_to(c)]
    if posted:
        audit.record(
            kind=Kind.PERSONAL_DATA_VIEWED,
            request=request,
            target_type="case-list",
            target="delivery-waiting",
            details={"view": "delivery-window", "full": True, "cases": posted},
        )
    return render(request, "approvals/workbench/delivery.html", context)


def _with_age(cases):
    cases = list(cases)
    for case in cases:
        result = getattr(case, "result", None)
        case.age = waiting_age(result.issued_at if result else case.updated_at)
    return cases


def _posted_to(case):
    preference = getattr(case, "delivery_preference", None)  # a missing one raises an AttributeError
    return preference is not None and preference.method == "post" and bool(preference.phone)
