"""Pages of 一个窗口收费: the window's fee desk, a case's fees, the printable receipt, refunds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import TransitionNotAllowed

from approvals import selectors as case_selectors
from approvals.workbench.helpers import staff_required
from fees import selectors, services
from fees.forms import ChargeForm, FindCaseForm, RefundForm
from fees.models import Charge, FeeRule
from hall import clock as hall_clock
from hall.constants import Role


def _errors(form, exc):
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@staff_required(Role.FRONT_DESK)
def desk(request):
    """收费窗口: find a case by its number; today's charges at this window."""
    form = FindCaseForm(request.GET or None)
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        if case_selectors.cases_visible_to(request.user).filter(number=number).exists():
            return redirect("fees:case", number=number)
        form.add_error("number", _("没有找到该办件，或它不由本窗口受理。"))
    today = hall_clock.localdate()
    charges = selectors.charges_visible_to(request.user).filter(
        window=request.staff.window if request.staff else None, created_at__date=today
    )
    return render(request, "fees/desk.html", {"form": form, "charges": charges})


@staff_required(Role.FRONT_DESK)
def case_fees(request, number):
    case = case_selectors.case_get_visible(user=request.user, number=number)
    form = ChargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            charge = services.charge_at_window(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        except (PermissionDenied, TransitionNotAllowed) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已收费，票据号 %(number)s。") % {"number": charge.number})
            return redirect("fees:receipt", number=charge.number)
    quote = None
    if case.item.fee_charged:
        try:
            quote = services.fee_quote(item=case.item, quantity=1)
        except ValidationError:
            quote = None
    context = {
        "case": case,
        "form": form,
        "quote": quote,
        "rule": FeeRule.objects.filter(item=case.item).first(),
        "charges": selectors.charges_of_case(case=case),
    }
    return render(request, "fees/case.html", context, status=400 if form.errors else 200)


@login_required
def receipt(request, number):
    """收费票据, printable; the case's applicant and the staff who see the case may open it."""
    charge = selectors.charge_get(user=request.user, number=number)
    refund_form = RefundForm()
    return render(request, "fees/receipt.html", {"charge": charge, "case": charge.case, "refund_form": refund_form})


@require_POST
@staff_required(Role.FRONT_DESK)
def refund(request, number):
    charge = selectors.charge_get(user=request.user, number=number)
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            services.charge_refund(charge=charge, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已退款。"))
            return redirect("fees:receipt", number=charge.number)
    charge = Charge.objects.select_related("case", "case__item", "window").get(pk=charge.pk)
    return render(
        request, "fees/receipt.html", {"charge": charge, "case": charge.case, "refund_form": form}, status=400
    )


@login_required(login_url="portal:login")
def online_pay(request, number):
    """网上缴费 in the online hall: the applicant pays their own case's fee through the payment platform."""
    case = case_selectors.case_get_visible(user=request.user, number=number)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("do") == "confirm":
                pending = Charge.objects.filter(case=case, status="pending").order_by("-created_at").first()
                if pending is None:
                    raise ValidationError({"detail": [_("没有待支付的网上缴费。")]})
                charge = services.charge_confirm_online(charge=pending, by=request.user)
                if charge.status == "paid":
                    messages.success(request, _("缴费成功，票据号 %(number)s。") % {"number": charge.number})
                else:
                    messages.info(request, _("支付平台尚未收到您的付款，请完成支付后再查询。"))
            else:
                charge = services.charge_start_online(case=case, by=request.user)
                if charge.pay_url:
                    return redirect(charge.pay_url)
                messages.info(
                    request, _("已生成缴费订单 %(number)s，请完成支付后查询结果。") % {"number": charge.number}
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except (PermissionDenied, TransitionNotAllowed) as exc:
            error = str(exc)
        if error is None:
            return redirect("fees:online", number=case.number)
    quote = None
    if case.item.fee_charged:
        try:
            quote = services.fee_quote(item=case.item, quantity=1)
        except ValidationError:
            quote = None
    context = {
        "case": case,
        "quote": quote,
        "error": error,
        "charges": selectors.charges_of_case(case=case),
        "pending": Charge.objects.filter(case=case, status="pending").exists(),
    }
    return render(request, "fees/online.html", context, status=400 if error else 200)
