"""Demo: the Tongliang 公共场所卫生许可 on commitment, end to end, through the real services.

A 告知承诺制 item of 卫生健康委: 2 materials handed in, 3 promised within 2 months, the
certificate issued the same day. Three cases, replayed at the moments they happened:
- 90 days ago: two promises kept, one broken: reminders, 限期整改, 失信名单 and the decision
  revoked (its verify page says 已撤销);
- 10 days ago: three promises open at green, reminders still to come (the live beat sends them);
- today: the listed company applies again and is refused the commitment route (desk and page say why).
Idempotent: nothing is made when the demo item has cases already.
"""

import contextlib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric, uscc

from approvals import services as s
from approvals.models import Case
from catalog import clock as calendar
from catalog.models import Department, Item, MaterialRequirement, ReviewStep
from commitments import services as cs
from commitments.constants import PeriodUnit, TrustClass, Withhold
from commitments.models import Commitment
from hall import clock as hall_clock

CODE = "WSJK-GGCS-WSXK-GZCN"
NOW_MATERIALS = ["公共场所卫生许可申请表", "营业执照"]
LATER_MATERIALS = ["公共场所卫生检测或者评价报告", "公共场所卫生管理制度", "从业人员健康合格证明"]


def _org_id():
    body = "91500224MA60AB12C"  # 铜梁区 (500224)
    return body + uscc.calc_check_digit(body)


def _person_id():
    body = "11010519850612003"
    return body + ric.calc_check_digit(body + "0")


def _item(department):
    item = Item.objects.filter(code=CODE).first()
    if item is not None:
        return item
    item = Item.objects.create(
        code=CODE,
        name="公共场所卫生许可证核发（告知承诺制）",
        department=department,
        theme="开餐馆",
        kind="promised",
        legal_limit_days=20,
        promised_limit_days=5,
        legal_basis="《公共场所卫生管理条例》第八条；《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》",
        acceptance_conditions="场所选址、设计和卫生设施符合卫生标准；从业人员取得健康合格证明。",
        applicant_types=["person", "organisation"],
        result_name="卫生许可证",
        allows_commitment=True,
        allows_deficiency=True,
        notes="申请人书面承诺符合许可条件的，当场作出许可决定、当日发证；承诺材料须在2个月内补交。",
    )
    item.regulators.add(department)
    for i, name in enumerate(NOW_MATERIALS + LATER_MATERIALS, start=1):
        later = name in LATER_MATERIALS
        MaterialRequirement.objects.create(item=item, position=i, name=name, may_commit=later, may_be_deficient=later)
    ReviewStep.objects.create(item=item, position=1, name="受理", limit_days=0)
    ReviewStep.objects.create(item=item, position=2, name="审批", decides=True)
    cs.config_set(
        item=item,
        trust_class=TrustClass.SUPPLY_LATER,
        period_amount=2,
        period_unit=PeriodUnit.MONTHS,
        conditions="场所选址、设计和卫生设施符合卫生标准；从业人员取得健康合格证明；建立卫生管理制度。",
        proof_text="公共场所卫生检测或者评价报告：承诺于开业前委托有资质的机构检测并在期限内提交报告。",
        deficiency_withholds=Withhold.RESULT,
        reminder_days="15,3,0",
    )
    return item


def _workday_at(days_ago, hour, minute=0):
    day = timezone.localdate() - timedelta(days=days_ago)
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _granted_same_day(*, item, applicant, start, people):
    """2 handed in, 3 promised, the letter signed at the window, certificate issued the same day."""
    desk, reviewer, chief = people["desk"], people["reviewer2"], people["chief_wsjk"]
    with hall_clock.replay(start):
        case = s.case_create(item=item, channel="window", applicant=applicant, by=desk)
        for m in case.materials.order_by("position"):
            if m.name in LATER_MATERIALS:
                s.case_record_material(case=case, requirement_id=m.requirement_id, status="committed", by=desk)
            else:
                s.case_record_material(case=case, requirement_id=m.requirement_id, paper="original", by=desk)
        signer = applicant.get("contact_person") or applicant["name"]
        cs.letter_sign(case=case, by=desk, via="window", signer_name=signer, signer_id_number=applicant["id_number"])
        case = s.case_dispatch(case=case, by=desk)
    # Acknowledged well inside the department's window, however short a demo sets it.
    with hall_clock.replay(start + timedelta(seconds=min(240, settings.HALL_AUTO_ACCEPT_SECONDS / 2))):
        case = s.case_acknowledge(case=case, by=reviewer)
    cs.commitments_open(case_id=case.pk, accepted_at=case.accepted_at)
    with hall_clock.replay(start + timedelta(hours=2)):
        while case.has_next_step():
            case = s.case_advance(case=case, by=reviewer)
        case = s.case_decide(case=case, outcome="granted", reason="申请人承诺符合许可条件", by=chief)
    with hall_clock.replay(start + timedelta(hours=3)):
        case = s.case_issue(case=case, by=reviewer)
    return case


def _sweep_at(moment):
    with hall_clock.replay(moment):
        cs.commitments_sweep(now=moment)


def seed(*, stdout, password):
    department = Department.objects.filter(code="wsjk").first()
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=["desk", "reviewer2", "chief_wsjk"])}
    if department is None or len(people) < 3:
        stdout.write("  告知承诺：缺少卫生健康委或演示账号，跳过")
        return
    for code in ("WSJK-GGCS-WSXK",):  # the catalog's own item: promise the inspection report within 2 months
        existing = Item.objects.filter(code=code).first()
        if existing is not None:
            cs.config_set(item=existing, period_amount=2, period_unit=PeriodUnit.MONTHS)
    item = _item(department)
    if Case.objects.filter(item=item).exists():
        stdout.write("  告知承诺：演示办件已存在，跳过")
        return
    org = {
        "type": "organisation",
        "name": "铜梁区清泉沐浴有限公司",
        "id_number": _org_id(),
        "phone": "13983000001",
        "address": "重庆市铜梁区巴川街道龙城大道8号",
        "contact_person": "何平",
    }
    # 1. Kept two promises, broke one: 限期整改 → 失信名单 → 撤销.
    start = _workday_at(90, 10)
    broken = _granted_same_day(item=item, applicant=org, start=start, people=people)
    rows = list(Commitment.objects.filter(case=broken).order_by("requirement_id"))
    due = rows[0].due_at
    reviewer, chief = people["reviewer2"], people["chief_wsjk"]
    with hall_clock.replay(start + timedelta(days=20)):
        cs.commitment_supply(commitment=rows[0], by=people["desk"], paper=True, note="窗口收取纸质检测报告")
    with hall_clock.replay(start + timedelta(days=21)):
        cs.commitment_verify(commitment=rows[0], by=reviewer, accept=True)
    for lead in (15, 3):
        _sweep_at(timezone.make_aware(datetime.combine(rows[0].due_date - timedelta(days=lead), time(9, 5))))
    with hall_clock.replay(due - timedelta(days=2)):
        cs.commitment_supply(commitment=rows[1], by=people["desk"], paper=True)
    with hall_clock.replay(due - timedelta(days=1)):
        cs.commitment_verify(commitment=rows[1], by=reviewer, accept=True)
    _sweep_at(timezone.make_aware(datetime.combine(rows[0].due_date, time(9, 5))))
    _sweep_at(due + timedelta(hours=10))  # 限期整改
    rows[2].refresh_from_db()
    lapsed = rows[2].rectification.due_at + timedelta(hours=10)
    _sweep_at(lapsed)
    with hall_clock.replay(lapsed + timedelta(hours=1)):
        cs.listing_create(
            commitment=rows[2], by=reviewer, reason="承诺补交的从业人员健康合格证明经责令整改逾期仍未提交"
        )
    with hall_clock.replay(lapsed + timedelta(hours=2)):
        cs.decision_revoke(case=broken, by=chief, reason="申请人未履行告知承诺，经责令限期整改逾期仍未整改")
    # 2. Open promises at green.
    person = {
        "type": "person",
        "name": "罗佳",
        "id_number": _person_id(),
        "phone": "13983000002",
        "address": "重庆市铜梁区东城街道",
    }
    _granted_same_day(item=item, applicant=person, start=_workday_at(10, 9, 30), people=people)
    # 3. The listed company applies again: 2 handed in, the commitment route refused.
    with hall_clock.replay(timezone.now() - timedelta(minutes=30)):
        again = s.case_create(item=item, channel="window", applicant=org, by=people["desk"])
        for m in again.materials.order_by("position")[:2]:
            s.case_record_material(case=again, requirement_id=m.requirement_id, paper="original", by=people["desk"])
        first_later = again.materials.filter(name=LATER_MATERIALS[0]).first()
        with contextlib.suppress(ValidationError):  # refused: the company is on the 失信名单
            s.case_record_material(
                case=again, requirement_id=first_later.requirement_id, status="committed", by=people["desk"]
            )
    stdout.write(
        f"  告知承诺：铜梁模式 3 件（{broken.number} 已撤销、失信名单 1 家；承诺中 3 项；{again.number} 被拒绝承诺）"
    )
