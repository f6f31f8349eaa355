"""Shared test factories (plain functions). Cases are built by walking the REAL services.

dept = make_department(code="scjg")
item = make_item(department=dept, kind="promised", materials=3, steps=3)
desk = make_staff(role="front_desk")                      # at comprehensive window 1
chief = make_staff(role="chief", department=dept)
case = make_case(state="in_review", item=item)           # via case_create … case_acknowledge
"""

import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.cn import ric, uscc

from hall.constants import ApplicantType, Role, WindowKind
from hall.models import ApplicantProfile, StaffProfile, Window

_seq = itertools.count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _n():
    return next(_seq)


def resident_id(n=None, *, born=date(1990, 3, 7), region="110105"):
    """A valid GB 11643 resident ID (check digit computed)."""
    drawn = n is None
    n = _n() if drawn else n
    while True:
        body = f"{region}{born:%Y%m%d}{n % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")  # it expects a placeholder check digit
        # About one resident ID in 31 also passes the credit code's check: tests that hand a
        # person's ID to an organisation must see it refused, so never return such a number.
        if not uscc.is_valid(number):
            return number
        # Draw again rather than take n + 1: the counter hands n + 1 to the next caller, and two
        # applicants with one ID number are one person (a credit listing bars them both).
        n = _n() if drawn else n + 1


def credit_code(n=None):
    """A valid GB 32100 unified social credit code."""
    n = _n() if n is None else n
    body = f"91110105{n % 10**9:09d}"
    return body + uscc.calc_check_digit(body)


def bad_resident_id():
    good = resident_id()
    wrong = "0" if good[-1] != "0" else "1"
    return good[:-1] + wrong


def pdf_upload(name="材料.pdf", size=None):
    data = PDF_BYTES if size is None else PDF_BYTES + b"0" * max(size - len(PDF_BYTES), 0)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make_department(*, code=None, name=None, **extra):
    from catalog.models import Department

    n = _n()
    code = code or f"dept{n}"
    dept, _ = Department.objects.get_or_create(code=code, defaults={"name": name or f"测试部门{n}", **extra})
    return dept


def make_item(
    *,
    department=None,
    code=None,
    name=None,
    kind="promised",
    promised_limit_days=5,
    legal_limit_days=20,
    materials=2,
    optional_materials=0,
    steps=("受理", "审查", "决定"),
    allows_deficiency=False,
    allows_commitment=False,
    deficient_materials=0,
    online=True,
    **extra,
):
    """An item with `materials` required + `optional_materials` optional materials and review steps.

    The first `deficient_materials` required materials may be deficient (and committed) when the
    item allows it. The last step decides.
    """
    from catalog.models import Item, MaterialRequirement, ReviewStep

    department = department or make_department()
    n = _n()
    item = Item.objects.create(
        code=code or f"ITEM-{n:05d}",
        name=name or f"测试事项{n}",
        department=department,
        kind=kind,
        promised_limit_days=promised_limit_days,
        legal_limit_days=legal_limit_days,
        allows_deficiency=allows_deficiency,
        allows_commitment=allows_commitment,
        online=online,
        **extra,
    )
    for i in range(materials + optional_materials):
        MaterialRequirement.objects.create(
            item=item,
            position=i + 1,
            name=f"申请材料{i + 1}",
            required=i < materials,
            may_be_deficient=i < deficient_materials,
            may_commit=i < deficient_materials,
        )
    for i, step in enumerate(steps or []):
        ReviewStep.objects.create(item=item, position=i + 1, name=step, decides=i == len(steps) - 1)
    return item


def make_user(*, username=None, **extra):
    User = get_user_model()
    return User.objects.create_user(username=username or f"user{_n()}", password="pw-test-2026", **extra)


def make_window(*, kind=WindowKind.COMPREHENSIVE, department=None, number=None, is_active=True, hall=None):
    """A window of `hall` (the home hall by default)."""
    from hall.models import default_hall_id

    if number is None:
        number = {"comprehensive": "1", "completed_item": "20"}.get(kind) if department is None else None
    number = number or f"W{_n()}"
    window, _ = Window.objects.get_or_create(
        number=number,
        hall_id=hall.pk if hall is not None else default_hall_id(),
        defaults={"name": WindowKind(kind).label, "kind": kind, "department": department, "is_active": is_active},
    )
    return window


def make_staff(*, role=Role.FRONT_DESK, department=None, window=None, username=None, hall=None):
    """A user with a staff profile. Clerks get comprehensive window 1 (or a specialised window
    of `department` when window="specialised"); delivery clerks the completed-item window.
    `hall`: where the person works (a clerk's window is of that hall); by default the window's,
    else the department's, else the home hall."""
    from hall.models import default_hall_id

    if role == Role.FRONT_DESK and window is None:
        window = make_window(hall=hall)
    elif role == Role.FRONT_DESK and window == "specialised":
        window = make_window(kind=WindowKind.SPECIALISED, department=department, hall=hall)
    elif role == Role.DELIVERY and window is None:
        window = make_window(kind=WindowKind.COMPLETED_ITEM, hall=hall)
    user = make_user(username=username)
    if hall is not None:
        hall_id = hall.pk
    elif window is not None:
        hall_id = window.hall_id
    elif department is not None:
        hall_id = department.hall_id
    else:
        hall_id = default_hall_id()
    StaffProfile.objects.create(
        user=user,
        role=role,
        department=department if role in (Role.REVIEWER, Role.CHIEF, Role.SUPERVISOR, Role.HALL_ADMIN) else None,
        window=window,
        hall_id=hall_id,
    )
    return user


def make_applicant_user(*, applicant_type=ApplicantType.PERSON, name=None, username=None):
    user = make_user(username=username)
    n = _n()
    ApplicantProfile.objects.create(
        user=user,
        applicant_type=applicant_type,
        name=name or (f"申请人{n}" if applicant_type == ApplicantType.PERSON else f"测试有限公司{n}"),
        id_number=resident_id(n) if applicant_type == ApplicantType.PERSON else credit_code(n),
        phone=f"138{n % 10**8:08d}",
        address="示范县人民路1号",
    )
    return user


def applicant_data(**overrides):
    data = {"type": "person", "name": "张三", "id_number": resident_id(), "phone": "13812345678", "address": "示范县"}
    data.update(overrides)
    return data


class Cast:
    """The people a case meets on its way, per department (made on first use)."""

    def __init__(self, department):
        self.department = department
        self._cache = {}

    def _get(self, key, factory):
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]

    @property
    def desk(self):
        return self._get("desk", lambda: make_staff(role=Role.FRONT_DESK))

    @property
    def special(self):
        return self._get(
            "special", lambda: make_staff(role=Role.FRONT_DESK, department=self.department, window="specialised")
        )

    @property
    def reviewer(self):
        return self._get("reviewer", lambda: make_staff(role=Role.REVIEWER, department=self.department))

    @property
    def chief(self):
        return self._get("chief", lambda: make_staff(role=Role.CHIEF, department=self.department))

    @property
    def delivery(self):
        return self._get("delivery", lambda: make_staff(role=Role.DELIVERY))


def receive_all_materials(case, *, by):
    from approvals.services import case_record_material

    for material in case.materials.filter(required=True, status="missing"):
        case_record_material(case=case, requirement_id=material.requirement_id, paper="original", by=by)


def upload_required_materials(case, *, by):
    """The applicant uploads a small valid PDF for every required material still missing."""
    from approvals.services import case_record_material

    for material in case.materials.filter(required=True, status="missing"):
        case_record_material(
            case=case, requirement_id=material.requirement_id, file=pdf_upload(f"{material.name}.pdf"), by=by
        )


def make_case(*, state="received", item=None, cast=None, applicant=None, channel="window"):
    """A case in `state`, reached only through the real services (every event written).

    Online: a draft (no materials); from `submitted` on, the applicant has uploaded a PDF for
    every required material and submitted it.
    """
    from approvals import services as s

    item = item or make_item()
    cast = cast or Cast(item.department)
    if state in ("draft", "submitted") or channel == "online":
        user = applicant if applicant is not None else make_applicant_user()
        case = s.case_create(item=item, channel="online", by=user, draft=True)
        if state == "draft":
            return case
        upload_required_materials(case, by=user)
        case = s.case_submit(case=case, by=user)
        if state == "submitted":
            return case
        case = s.case_take_in(case=case, by=cast.desk)
    else:
        case = s.case_create(item=item, channel=channel, applicant=applicant or applicant_data(), by=cast.desk)
    if state == "received":
        return case
    if state == "supplement_requested":
        missing = list(case.materials.filter(required=True).values_list("requirement_id", flat=True))
        return s.case_request_supplement(case=case, materials=missing, note="请补齐材料", by=cast.desk)
    if state == "not_accepted":
        return s.case_refuse(case=case, reason="不属于本部门职责范围", by=cast.desk)
    if state == "withdrawn":
        return s.case_withdraw(case=case, by=cast.desk, reason="申请人撤回")
    receive_all_materials(case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    if state == "dispatched":
        return case
    case = s.case_acknowledge(case=case, by=cast.chief)
    if state == "in_review":
        return case
    if state == "suspended":
        return s.case_suspend(case=case, kind="expert_review", reason="组织专家评审", by=cast.reviewer)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer)
    if state in ("granted", "ready", "delivered"):
        case = s.case_decide(case=case, outcome="granted", reason="", by=cast.chief)
    else:
        case = s.case_decide(case=case, outcome="denied", reason="不符合法定条件", by=cast.chief)
    if state in ("granted", "denied"):
        return case
    case = s.case_issue(case=case, by=cast.reviewer)
    if state == "ready":
        return case
    return s.case_deliver(case=case, method="pickup", collector_id_number=case.applicant_id_number, by=cast.delivery)
