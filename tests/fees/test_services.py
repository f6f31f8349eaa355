from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.constants import Action
from approvals.models import CaseEvent
from approvals.services import CaseConflict
from fees import services
from fees.constants import ChargeStatus, FeeBasis
from fees.models import Charge, FeeRule
from hall.constants import Role
from supervision.monitoring_models import Finding, RuleCode
from tests.factories import make_case, make_department, make_staff

pytestmark = pytest.mark.django_db


def test_fixed_fee_is_the_catalog_amount_whatever_the_quantity(paid_item):
    quote = services.fee_quote(item=paid_item, quantity=7)
    assert (quote.basis, quote.quantity, quote.amount) == (FeeBasis.FIXED, 1, Decimal("80.00"))


def test_fee_by_quantity_multiplies_and_checks_the_quantity(paid_item):
    FeeRule.objects.create(item=paid_item, basis=FeeBasis.PER_UNIT, unit_name="本", max_quantity=10)
    assert services.fee_quote(item=paid_item, quantity=3).amount == Decimal("240.00")
    with pytest.raises(ValidationError) as exc:
        services.fee_quote(item=paid_item, quantity=11)
    assert "1 至 10" in str(exc.value)


def test_cash_at_the_window_gives_a_numbered_receipt_and_a_case_event(paid_item, cast):
    case = make_case(item=paid_item, cast=cast)
    first = services.charge_at_window(case=case, by=cast.desk, method="cash")
    second = services.charge_at_window(case=case, by=cast.desk, method="scan", reference="WX20260101")
    assert first.status == ChargeStatus.PAID and first.amount == Decimal("80.00")
    assert first.number.startswith("SF") and int(second.number[-5:]) == int(first.number[-5:]) + 1
    events = CaseEvent.objects.filter(case=case, action=Action.FEE_CHARGE)
    assert [e.payload["receipt"] for e in events.order_by("seq")] == [first.number, second.number]


def test_card_or_scan_needs_the_slip_number(paid_item, cast):
    case = make_case(item=paid_item, cast=cast)
    with pytest.raises(ValidationError) as exc:
        services.charge_at_window(case=case, by=cast.desk, method="card")
    assert "流水号" in str(exc.value)
    assert not Charge.objects.exists()


def test_a_charge_on_a_free_item_is_refused_and_becomes_a_finding(free_item, cast):
    case = make_case(item=free_item, cast=cast)
    with pytest.raises(ValidationError) as exc:
        services.charge_at_window(case=case, by=cast.desk, method="cash")
    assert "不收费事项" in str(exc.value)
    assert not Charge.objects.exists()
    finding = Finding.objects.get(rule=RuleCode.FEE_ON_FREE_ITEM)
    assert finding.case_id == case.pk and finding.staff_id == cast.desk.pk
    with pytest.raises(ValidationError):
        services.charge_at_window(case=case, by=cast.desk, method="cash")
    assert Finding.objects.filter(rule=RuleCode.FEE_ON_FREE_ITEM).count() == 2  # every attempt counts


def test_only_a_window_handling_the_department_charges(paid_item, cast):
    case = make_case(item=paid_item, cast=cast)
    with pytest.raises(PermissionDenied):
        services.charge_at_window(case=case, by=cast.reviewer, method="cash")
    other_window = make_staff(role=Role.FRONT_DESK, department=make_department(), window="specialised")
    with pytest.raises(PermissionDenied):
        services.charge_at_window(case=case, by=other_window, method="cash")


def test_a_refused_case_cannot_be_charged(paid_item, cast):
    case = make_case(state="not_accepted", item=paid_item, cast=cast)
    with pytest.raises(CaseConflict):
        services.charge_at_window(case=case, by=cast.desk, method="cash")


def test_refund_needs_a_reason_and_happens_once(paid_item, cast):
    case = make_case(item=paid_item, cast=cast)
    charge = services.charge_at_window(case=case, by=cast.desk, method="cash")
    with pytest.raises(ValidationError):
        services.charge_refund(charge=charge, by=cast.desk, reason="  ")
    charge = services.charge_refund(charge=charge, by=cast.desk, reason="申请人撤回申请，全额退还")
    assert charge.status == ChargeStatus.REFUNDED and charge.refunded_by == cast.desk
    assert CaseEvent.objects.filter(case=case, action=Action.FEE_REFUND).count() == 1
    with pytest.raises(ValidationError):
        services.charge_refund(charge=charge, by=cast.desk, reason="再退一次")


def test_online_payment_with_the_demo_provider(paid_item, cast, settings):
    settings.HALL_FEES_PAYMENT_PROVIDER = "fees.providers.DemoProvider"
    case = make_case(item=paid_item, cast=cast, channel="online", state="received")
    charge = services.charge_start_online(case=case, by=case.applicant_user)
    assert charge.status == ChargeStatus.PENDING and charge.provider_reference == f"DEMO-{charge.number}"
    with pytest.raises(ValidationError):
        services.charge_start_online(case=case, by=case.applicant_user)  # one pending at a time
    charge = services.charge_confirm_online(charge=charge, by=case.applicant_user)
    assert charge.status == ChargeStatus.PAID
    services.charge_confirm_online(charge=charge, by=case.applicant_user)
    assert CaseEvent.objects.filter(case=case, action=Action.FEE_CHARGE).count() == 1
