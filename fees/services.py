"""Writes of 一个窗口收费: quote, charge at the window, online payment, refund.

Each charge or refund is one transaction with the case row locked and one case event
(fee-charge / fee-refund) written in it. A charge attempted on an item the catalog lists as
free is refused and recorded as a 电子监察 finding (fee_on_free_item), which stays even though
the charge does not happen.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import policies
from approvals.constants import Action, CaseState
from approvals.services import CaseConflict
from approvals.services._base import lock_case, write_event
from fees import providers
from fees.constants import WINDOW_METHODS, ChargeStatus, FeeBasis, PaymentMethod
from fees.models import Charge, FeeRule, ReceiptCounter
from hall import clock as hall_clock
from hall.selectors import staff_profile_of

# A fee is taken once the case is in the hall's hands and before it is closed without a result.
CHARGEABLE_STATES = frozenset(
    {
        CaseState.RECEIVED,
        CaseState.DISPATCHED,
        CaseState.IN_REVIEW,
        CaseState.SUSPENDED,
        CaseState.GRANTED,
        CaseState.READY,
        CaseState.DELIVERED,
    }
)


@dataclass(frozen=True)
class Quote:
    basis: str
    unit_amount: Decimal
    quantity: int
    amount: Decimal
    unit_name: str = ""


def fee_quote(*, item, quantity=1):
    """The amount for `quantity` of the item, from the catalog's standard and the fee basis."""
    if not item.fee_charged or not item.fee_amount:
        raise ValidationError({"item": [_("“%(name)s”为不收费事项，不能收取任何费用。") % {"name": item.name}]})
    rule = FeeRule.objects.filter(item=item).first()
    basis = rule.basis if rule else FeeBasis.FIXED
    if basis == FeeBasis.FIXED:
        quantity = 1
    elif not isinstance(quantity, int) or quantity < 1 or quantity > rule.max_quantity:
        raise ValidationError({"quantity": [_("数量须为 1 至 %(max)s 之间的整数。") % {"max": rule.max_quantity}]})
    unit = item.fee_amount
    return Quote(
        basis=basis,
        unit_amount=unit,
        quantity=quantity,
        amount=unit * quantity,
        unit_name=rule.unit_name if rule else "",
    )


def _next_receipt_number(now):
    day = timezone.localdate(now)
    counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"SF{day:%Y%m%d}{counter.last:05d}"


def _refuse_free_item(case, by):
    """Record the attempt (电子监察) in its own transaction, then refuse it."""
    from supervision.monitoring import finding_raise
    from supervision.monitoring_models import RuleCode

    now = hall_clock.now()
    finding_raise(
        rule_code=RuleCode.FEE_ON_FREE_ITEM,
        case=case,
        staff_id=by.pk if staff_profile_of(by) is not None else None,  # an applicant is not 责任人
        occurrence=f"{now:%Y%m%d%H%M%S%f}",
        detail=_("对不收费事项“%(name)s”登记收费，已被系统拒绝。") % {"name": case.item.name},
        now=now,
    )
    raise ValidationError(
        {"item": [_("“%(name)s”为不收费事项，不能收费。此次收费操作已记入电子监察。") % {"name": case.item.name}]}
    )


def _require_desk(by, case):
    if not policies.front_desk_handles(staff_profile_of(by), case.department_id):
        raise PermissionDenied(_("只有受理该部门事项的窗口工作人员才能收费或退款。"))


def _require_chargeable(case):
    if case.state not in CHARGEABLE_STATES:
        raise CaseConflict(
            _("办件当前状态为“%(state)s”，不能收费。") % {"state": CaseState(case.state).label},
            object=case,
            method="charge",
        )


def charge_at_window(*, case, by, method, quantity=1, reference=""):
    """收费 at the window: cash, card or scan-to-pay (the card/scan slip's number is required)."""
    _require_desk(by, case)
    if not case.item.fee_charged:
        _refuse_free_item(case, by)
    if method not in WINDOW_METHODS:
        raise ValidationError({"method": [_("窗口收费方式只能是现金、银行卡或扫码支付。")]})
    reference = (reference or "").strip()
    if method != PaymentMethod.CASH and not reference:
        raise ValidationError({"reference": [_("刷卡或扫码支付须填写支付凭证号（流水号）。")]})
    quote = fee_quote(item=case.item, quantity=quantity)
    with transaction.atomic():
        case = lock_case(case)
        _require_chargeable(case)
        now = hall_clock.now()
        charge = Charge.objects.create(
            number=_next_receipt_number(now),
            case=case,
            department_id=case.department_id,
            basis=quote.basis,
            quantity=quote.quantity,
            unit_amount=quote.unit_amount,
            amount=quote.amount,
            method=method,
            reference=reference[:64],
            status=ChargeStatus.PAID,
            window=staff_profile_of(by).window,
            created_by=by,
            created_at=now,
            paid_at=now,
        )
        _charge_event(case, charge, by)
    return charge


def _charge_event(case, charge, by):
    write_event(
        case,
        action=Action.FEE_CHARGE,
        from_state=case.state,
        by=by,
        note=_("收费 %(amount)s 元（%(method)s），票据号 %(number)s")
        % {"amount": charge.amount, "method": charge.get_method_display(), "number": charge.number},
        payload={"receipt": charge.number, "amount": str(charge.amount), "method": charge.method},
    )


def charge_start_online(*, case, by, quantity=1):
    """网上缴费: open a payment with the provider; the charge is pending until the provider says paid."""
    own = policies.is_own_applicant(by, case)
    if not own:
        _require_desk(by, case)
    if not case.item.fee_charged:
        _refuse_free_item(case, by)
    quote = fee_quote(item=case.item, quantity=quantity)
    _require_chargeable(case)
    with transaction.atomic():
        case = lock_case(case)
        _require_chargeable(case)
        if Charge.objects.filter(case=case, status=ChargeStatus.PENDING).exists():
            raise ValidationError({"detail": [_("该办件已有一笔待支付的网上缴费，请先完成或查询支付结果。")]})
        now = hall_clock.now()
        charge = Charge(
            number=_next_receipt_number(now),
            case=case,
            department_id=case.department_id,
            basis=quote.basis,
            quantity=quote.quantity,
            unit_amount=quote.unit_amount,
            amount=quote.amount,
            method=PaymentMethod.ONLINE,
            status=ChargeStatus.PENDING,
            created_by=by,
            created_at=now,
        )
        try:
            payment = providers.provider().create(
                order=charge.number, amount=charge.amount, description=f"{case.item.name} {case.number}"
            )
        except providers.PaymentError as exc:
            raise ValidationError({"detail": [str(exc)]}) from exc
        charge.provider_reference, charge.pay_url = payment.reference, payment.pay_url
        charge.save()
    return charge


def charge_confirm_online(*, charge, by):
    """Ask the provider about a pending online payment; when paid, the charge is paid (once)."""
    with transaction.atomic():
        charge = Charge.objects.select_for_update().select_related("case").get(pk=charge.pk)
        if charge.status != ChargeStatus.PENDING:
            return charge
        try:
            payment = providers.provider().query(reference=charge.provider_reference)
        except providers.PaymentError as exc:
            raise ValidationError({"detail": [str(exc)]}) from exc
        if payment.status == "paid":
            case = lock_case(charge.case_id)
            charge.status, charge.paid_at = ChargeStatus.PAID, hall_clock.now()
            charge.save(update_fields=["status", "paid_at"])
            _charge_event(case, charge, by)
        elif payment.status == "closed":
            charge.status = ChargeStatus.CANCELLED
            charge.save(update_fields=["status"])
    return charge


def charge_refund(*, charge, by, reason):
    """退费 with a reason; an online payment is refunded through the provider first."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("退款必须说明理由。")]})
    _require_desk(by, charge.case)
    with transaction.atomic():
        case = lock_case(charge.case_id)
        charge = Charge.objects.select_for_update().get(pk=charge.pk)
        if charge.status != ChargeStatus.PAID:
            raise ValidationError(
                {"detail": [_("只有已收费的记录才能退款（当前：%(s)s）。") % {"s": charge.get_status_display()}]}
            )
        if charge.method == PaymentMethod.ONLINE:
            try:
                payment = providers.provider().refund(
                    reference=charge.provider_reference, amount=charge.amount, reason=reason
                )
            except providers.PaymentError as exc:
                raise ValidationError({"detail": [str(exc)]}) from exc
            if payment.status != "refunded":
                raise ValidationError({"detail": [_("支付平台尚未完成退款，请稍后再试。")]})
        charge.status, charge.refund_reason = ChargeStatus.REFUNDED, reason
        charge.refunded_at, charge.refunded_by = hall_clock.now(), by
        charge.save(update_fields=["status", "refund_reason", "refunded_at", "refunded_by"])
        write_event(
            case,
            action=Action.FEE_REFUND,
            from_state=case.state,
            by=by,
            note=_("退款 %(amount)s 元（票据号 %(number)s）：%(reason)s")
            % {"amount": charge.amount, "number": charge.number, "reason": reason},
            payload={"receipt": charge.number, "amount": str(charge.amount)},
        )
    return charge
