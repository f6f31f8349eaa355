"""24-hour smart file lockers: the public terminal (drop off, pick up) and the staff page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from approvals.models import Case
from approvals.workbench.helpers import staff_required
from catalog.models import Item
from hallfloor import services
from hallfloor.constants import ParcelKind, ParcelStatus
from hallfloor.forms import DropOffForm, PickupForm
from hallfloor.models import Locker, LockerParcel


def _form_errors(form, exc):
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


@never_cache
def terminal(request):
    """The locker terminal: drop materials off (a door opens, a code is shown) or pick up a result."""
    drop = DropOffForm(request.POST if request.POST.get("do") == "drop" else None)
    pick = PickupForm(request.POST if request.POST.get("do") == "pick" else None)
    done = None
    items = Item.objects.filter(is_active=True).order_by("code")[:60]
    if drop.is_bound and drop.is_valid():
        item = Item.objects.filter(code=drop.cleaned_data["item"], is_active=True).first()
        try:
            parcel, code = services.locker_drop_off(
                applicant_name=drop.cleaned_data["applicant_name"],
                phone=drop.cleaned_data["phone"],
                item=item,
                note=drop.cleaned_data["note"],
            )
        except ValidationError as exc:
            _form_errors(drop, exc)
        except services.FloorConflict as exc:
            drop.add_error(None, str(exc))
        else:
            done = {"kind": "drop", "locker": parcel.locker.number, "code": code, "reference": parcel.reference}
    if pick.is_bound and pick.is_valid():
        try:
            parcel = services.locker_pickup(code=pick.cleaned_data["code"])
        except ValidationError as exc:
            _form_errors(pick, exc)
        except services.FloorConflict as exc:
            pick.add_error(None, str(exc))
        else:
            done = {"kind": "pick", "locker": parcel.locker.number, "case": parcel.case.number if parcel.case else ""}
    status = 400 if (drop.errors or pick.errors) else 200
    free = (
        Locker.objects.filter(is_active=True)
        .exclude(pk__in=LockerParcel.objects.filter(status=ParcelStatus.STORED).values("locker_id"))
        .count()
    )
    context = {"drop": drop, "pick": pick, "done": done, "items": items, "free": free}
    return render(request, "hallfloor/locker_terminal.html", context, status=status)


@staff_required()
def staff(request):
    parcels = LockerParcel.objects.select_related("locker", "item", "case", "chain")
    context = {
        "lockers": Locker.objects.filter(is_active=True).prefetch_related("parcels"),
        "to_take_in": parcels.filter(kind=ParcelKind.DROPOFF, status=ParcelStatus.STORED),
        "to_register": parcels.filter(kind=ParcelKind.DROPOFF, status=ParcelStatus.COLLECTED, case__isnull=True),
        "results_ready": parcels.filter(kind=ParcelKind.DROPOFF, result_ready_at__isnull=False)
        .exclude(case__locker_parcels__kind=ParcelKind.RESULT)
        .distinct(),
        "results_stored": parcels.filter(kind=ParcelKind.RESULT, status=ParcelStatus.STORED),
        "recent": parcels.filter(status=ParcelStatus.COLLECTED).order_by("-collected_at")[:15],
    }
    return render(request, "hallfloor/locker_staff.html", context)


@staff_required()
@require_POST
def take_in(request, pk):
    parcel = get_object_or_404(LockerParcel, pk=pk)
    try:
        parcel = services.parcel_take_in(parcel=parcel, by=request.user)
        messages.success(request, _("%(n)s号柜已打开，请取出材料后登记办件。") % {"n": parcel.locker.number})
    except services.FloorConflict as exc:
        messages.error(request, str(exc))
    return redirect("hallfloor:locker-staff")


@staff_required()
@require_POST
def register(request, pk):
    parcel = get_object_or_404(LockerParcel, pk=pk)
    number = (request.POST.get("case") or "").strip()
    case = Case.objects.filter(number=number).first()
    if case is None:
        messages.error(request, _("办件编号 %(n)s 不存在。") % {"n": number or "—"})
        return redirect("hallfloor:locker-staff")
    try:
        services.parcel_register(parcel=parcel, case=case, by=request.user)
        messages.success(request, _("投递 %(ref)s 已登记为办件 %(n)s。") % {"ref": parcel.reference, "n": case.number})
    except services.FloorConflict as exc:
        messages.error(request, str(exc))
    return redirect("hallfloor:locker-staff")


@staff_required()
@require_POST
def put_result(request):
    number = (request.POST.get("case") or "").strip()
    case = Case.objects.filter(number=number).first()
    if case is None:
        messages.error(request, _("办件编号 %(n)s 不存在。") % {"n": number or "—"})
        return redirect("hallfloor:locker-staff")
    try:
        parcel, code = services.locker_put_result(case=case, by=request.user)
    except services.FloorConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("结果已放入%(n)s号柜，取件码已短信发送给申请人（%(phone)s）。")
            % {"n": parcel.locker.number, "phone": parcel.phone_masked},
        )
    return redirect(reverse("hallfloor:locker-staff"))
