"""Pages of 上门办: the staff list with clocks and the phone form, one visit (assign, take in on site),
and the applicant's own requests in the online hall."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from approvals.workbench.helpers import staff_required
from hall.parsing import parse_id
from hall.selectors import staff_profile_of
from homevisits import selectors, services
from homevisits.forms import AssignForm, PhoneVisitForm, TakeInForm, VisitForm


def _apply(form, exc):
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@staff_required()
def visit_list(request):
    profile = request.staff
    may_record = profile is not None and profile.role == "front_desk"
    form = PhoneVisitForm(request.POST or None)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(_("只有窗口工作人员可以登记电话预约。"))
        if form.is_valid():
            data = dict(form.cleaned_data)
            applicant = {
                "type": data.pop("applicant_type"),
                "name": data.pop("name"),
                "id_number": data.pop("id_number"),
                "phone": data.pop("phone"),
                "address": data["address"],
            }
            try:
                visit = services.visit_request(by=request.user, applicant=applicant, **data)
            except ValidationError as exc:
                _apply(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已登记上门办 %(number)s。") % {"number": visit.number})
                return redirect("homevisits:detail", pk=visit.pk)
    visits = selectors.visits_visible_to(request.user).order_by("status", "due_at")[:100]
    return render(
        request,
        "homevisits/list.html",
        {"visits": visits, "form": form, "may_record": may_record},
        status=400 if form.errors else 200,
    )


@staff_required()
def visit_detail(request, pk):
    visit = selectors.visit_get(user=request.user, pk=parse_id(pk))
    staff = selectors.assignable_staff(visit=visit)
    assign_form = AssignForm(request.POST if request.POST.get("do") == "assign" else None, staff=staff)
    take_form = TakeInForm(request.POST if request.POST.get("do") == "take-in" else None, item=visit.item)
    if request.method == "POST":
        try:
            if request.POST.get("do") == "assign" and assign_form.is_valid():
                services.visit_assign(
                    visit=visit, by=request.user, staff=assign_form.staff_users[assign_form.cleaned_data["staff"]]
                )
                messages.success(request, _("已派单。"))
                return redirect("homevisits:detail", pk=visit.pk)
            if request.POST.get("do") == "take-in" and take_form.is_valid():
                visit = services.visit_take_in(visit=visit, by=request.user, **take_form.cleaned_data)
                messages.success(request, _("已上门收件，办件编号 %(number)s。") % {"number": visit.case.number})
                return redirect("homevisits:detail", pk=visit.pk)
        except ValidationError as exc:
            _apply(take_form if request.POST.get("do") == "take-in" else assign_form, exc)
        except PermissionDenied as exc:
            (take_form if request.POST.get("do") == "take-in" else assign_form).add_error(None, str(exc))
    context = {
        "visit": visit,
        "assign_form": assign_form,
        "take_form": take_form,
        "may_dispatch": visit.is_open and services.may_dispatch(request.user, visit),
        "may_take_in": visit.status == "assigned" and visit.assigned_to_id == request.user.pk,
    }
    bad = assign_form.errors or take_form.errors
    return render(request, "homevisits/detail.html", context, status=400 if bad else 200)


@login_required(login_url="portal:login")
def my_visits(request):
    """The applicant's own requests, and the form to ask for one."""
    if staff_profile_of(request.user) is not None:
        raise PermissionDenied(_("工作人员请在工作台登记电话预约。"))
    form = VisitForm(request.POST or None, initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_request(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("已提交上门办申请 %(number)s，工作人员将与您联系。") % {"number": visit.number})
            return redirect("homevisits:mine")
    visits = selectors.visits_visible_to(request.user).order_by("-created_at")
    return render(request, "homevisits/mine.html", {"form": form, "visits": visits}, status=400 if form.errors else 200)
