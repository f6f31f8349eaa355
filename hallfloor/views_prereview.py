"""The pre-review desk (预审窗口): check the materials first, then give the business ticket."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from approvals.workbench.helpers import staff_required
from catalog.models import Item
from catalog.selectors import item_search
from hall.constants import Role
from hallfloor import services
from hallfloor.forms import PRIORITY_CHOICES
from hallfloor.models import PreReview
from hallfloor.services.prereview import checklist

PREREVIEW_ROLES = (Role.FRONT_DESK, Role.HALL_ADMIN)


@staff_required(*PREREVIEW_ROLES)
def desk(request):
    code = (request.POST.get("item") or request.GET.get("item") or "").strip()
    query = (request.GET.get("q") or "").strip()
    item = Item.objects.filter(code=code, is_active=True).first() if code else None
    matches = list(item_search(q=query)[:12]) if query and item is None else []
    errors = []
    if request.method == "POST" and item is not None:
        try:
            record = services.prereview_record(
                item=item,
                present=request.POST.getlist("present"),
                by=request.user,
                window=request.staff.window if request.staff else None,
                applicant_name=request.POST.get("applicant_name", ""),
                priority=request.POST.get("priority", ""),
                phone=request.POST.get("phone", ""),
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            if record.ticket:
                messages.success(request, _("材料齐全，已取号 %(code)s。") % {"code": record.ticket.code})
            else:
                messages.warning(request, _("材料不全，未取号，请打印一次性告知单交申请人。"))
            return redirect("hallfloor:prereview-record", number=record.number)
    context = {
        "item": item,
        "query": query,
        "matches": matches,
        "requirements": checklist(item) if item else [],
        "priorities": PRIORITY_CHOICES,
        "errors": errors,
        "recent": PreReview.objects.select_related("item", "ticket").filter(by=request.user)[:10],
    }
    return render(request, "hallfloor/prereview.html", context, status=400 if errors else 200)


@staff_required(*PREREVIEW_ROLES)
def record(request, number):
    record = (
        PreReview.objects.select_related("item", "item__department", "ticket", "window").filter(number=number).first()
    )
    if record is None:
        raise Http404
    return render(request, "hallfloor/prereview_record.html", {"record": record})
