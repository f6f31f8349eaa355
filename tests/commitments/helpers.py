"""Shared set-up of the 告知承诺 tests: a Tongliang-like instant item with 3 of 5 materials promised."""

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from commitments import services as cs
from commitments.constants import PeriodUnit
from tests.factories import Cast, make_department, make_item


def trust_item(*, department=None, kind="instant", promised=3, **config):
    department = department or make_department()
    item = make_item(
        department=department,
        kind=kind,
        name="公共场所卫生许可",
        materials=5,
        deficient_materials=promised,
        allows_commitment=True,
        allows_deficiency=True,
        promised_limit_days=0 if kind == "instant" else 5,
        result_name="公共场所卫生许可证",
    )
    defaults = {"period_amount": 2, "period_unit": PeriodUnit.MONTHS, "reminder_days": "15,3,0"}
    defaults.update(config)
    cs.config_set(item=item, **defaults)
    return item


def promised_case(*, item, cast=None, applicant=None, promise=3, deficient=0):
    """At the window: 2 materials handed in, `promise` marked 承诺后补 (and `deficient` 容缺)."""
    cast = cast or Cast(item.department)
    case = s.case_create(item=item, channel="window", applicant=applicant or _applicant(), by=cast.special)
    rows = list(case.materials.order_by("position"))
    for row in rows[:promise]:
        s.case_record_material(case=case, requirement_id=row.requirement_id, status="committed", by=cast.special)
    for row in rows[promise : promise + deficient]:
        s.case_record_material(case=case, requirement_id=row.requirement_id, status="deficient", by=cast.special)
    for row in rows[promise + deficient :]:
        s.case_record_material(case=case, requirement_id=row.requirement_id, paper="original", by=cast.special)
    return case, cast


def _applicant():
    from tests.factories import applicant_data

    return applicant_data(name="张三")


def sign_at_window(case, cast):
    return cs.letter_sign(
        case=case,
        by=cast.special,
        via="window",
        signer_name=case.applicant_name,
        signer_id_number=case.applicant_id_number,
    )


def accept_and_issue(case, cast):
    """Accept on the spot, decide and issue the same day (the instant route)."""
    case = s.case_accept_on_the_spot(case=case, by=cast.special)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.special)
    case = s.case_decide(case=case, outcome="granted", by=cast.special)
    case = s.case_issue(case=case, by=cast.special)
    deliver_all_pending()
    return case
