"""Demo organisation of the hall: windows and the accounts of DESIGN.md §9 (idempotent).

Besides the accounts the design names, each other demo department gets a chief
representative (`chief_<code>`) so demo cases of every department can be walked to the end.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from catalog.models import Department
from hall.constants import ApplicantType, Role, WindowKind
from hall.services import applicant_profile_save, staff_profile_set, window_save

# number, name, kind, department code
WINDOWS = [
    ("1", "综合受理窗口", WindowKind.COMPREHENSIVE, None),
    ("2", "综合受理窗口", WindowKind.COMPREHENSIVE, None),
    ("3", "综合受理窗口", WindowKind.COMPREHENSIVE, None),
    ("4", "综合受理窗口", WindowKind.COMPREHENSIVE, None),
    ("12", "市场监管局专业窗口（即办件）", WindowKind.SPECIALISED, "scjg"),
    ("20", "出件窗口", WindowKind.COMPLETED_ITEM, None),
]

# username, full name, role, department code, window number
STAFF = [
    ("desk", "李敏", Role.FRONT_DESK, None, "1"),
    ("special", "王强", Role.FRONT_DESK, None, "12"),
    ("reviewer", "赵磊", Role.REVIEWER, "scjg", None),
    ("chief", "孙丽", Role.CHIEF, "scjg", None),
    ("reviewer2", "周静", Role.REVIEWER, "wsjk", None),
    ("delivery", "吴芳", Role.DELIVERY, None, "20"),
    ("supervisor", "郑国华", Role.SUPERVISOR, None, None),
]
# Chief representatives of the other demo departments (the department's own chief decides).
OTHER_CHIEFS = {
    "wsjk": "陈卫东",
    "zjj": "刘建国",
    "zrzy": "杨海燕",
    "slj": "黄河清",
    "gaj": "马志刚",
    "rsj": "朱红梅",
    "fgw": "胡晓东",
}

APPLICANTS = [
    # username, type, name, ID number, phone, address, contact person
    ("applicant", ApplicantType.PERSON, "张伟", "110105199003070025", "13800138000", "示范县人民路18号", ""),
    (
        "applicant2",
        ApplicantType.ORGANISATION,
        "示范县惠民食品有限公司",
        "91370700MA3C4D5E6P",
        "05364221888",
        "示范县经济开发区创业路6号",
        "刘芳",
    ),
]


def _user(username, full_name, password, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name, "is_staff": extra.pop("is_staff", False), **extra}
    )
    if created:
        user.password = password  # already hashed: one slow hash for every demo account
        user.save(update_fields=["password"])
    return user, created


def seed(*, stdout, password):
    shown, password = password, make_password(password)
    admin, created = _user("admin", "管理员", password, is_staff=True, is_superuser=True)
    stdout.write(f"  账号 admin（大厅管理员）{'已创建' if created else '已存在'}")

    departments = {d.code: d for d in Department.objects.all()}
    windows = {}
    for number, name, kind, dept_code in WINDOWS:
        windows[number] = window_save(number=number, name=name, kind=kind, department=departments.get(dept_code))
    stdout.write(f"  窗口：{len(windows)} 个")

    made = []
    for username, full_name, role, dept_code, window_number in STAFF:
        department = departments.get(dept_code)
        if window_number and windows[window_number].department_id:
            department = windows[window_number].department
        user, created = _user(username, full_name, password)
        staff_profile_set(
            user=user,
            role=role,
            department=department if role in (Role.REVIEWER, Role.CHIEF) else None,
            window=windows.get(window_number),
        )
        if role == Role.CHIEF and department is not None:
            Department.objects.filter(pk=department.pk).update(chief_representative=user)
        made.append(username)
    for code, full_name in OTHER_CHIEFS.items():
        department = departments.get(code)
        if department is None:
            continue
        user, _ = _user(f"chief_{code}", full_name, password)
        staff_profile_set(user=user, role=Role.CHIEF, department=department)
        Department.objects.filter(pk=department.pk).update(chief_representative=user)
        made.append(user.username)

    for username, kind, name, number, phone, address, contact in APPLICANTS:
        user, _ = _user(username, name if kind == ApplicantType.PERSON else contact, password)
        applicant_profile_save(
            user=user,
            applicant_type=kind,
            name=name,
            id_number=number,
            phone=phone,
            address=address,
            contact_person=contact,
        )
        made.append(username)
    stdout.write(f"  演示账号：{'、'.join(made)}（密码 {shown}）")
