"""Demo organisation of the hall: windows and the accounts of DESIGN.md §9 (idempotent).

Besides the accounts the design names, each other demo department gets a chief
representative (`chief_<code>`) so demo cases of every department can be walked to the end.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from catalog.models import Department
from hall.constants import ApplicantType, HallLevel, Role, WindowKind
from hall.models import Hall, default_hall_id
from hall.services import applicant_profile_save, hall_save, staff_profile_set, window_save

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
    seed_network(stdout=stdout, password=password)


# The network (issue 19): the home hall (示范县) sits under a city hall beside a second county;
# code, name, level, parent code, address, hours, phone.
HALLS = [
    ("sfs", "示范市政务服务中心", HallLevel.CITY, None, "示范市行政中心东路1号", "工作日 9:00—17:00", "0536-12345"),
    ("cgz", "城关镇便民服务中心", HallLevel.TOWNSHIP, "home", "示范县城关镇府前街6号", "工作日 8:30—17:30", ""),
    ("hkz", "河口镇便民服务中心", HallLevel.TOWNSHIP, "home", "示范县河口镇滨河路2号", "工作日 8:30—17:30", ""),
    ("xfc", "城关镇幸福村便民服务站", HallLevel.VILLAGE, "cgz", "城关镇幸福村村委会", "工作日 9:00—16:00", ""),
    ("dcx", "东川县政务服务中心", HallLevel.COUNTY, "sfs", "东川县建设路99号", "工作日 9:00—17:00", "0536-67890"),
    ("lqjd", "龙泉街道便民服务中心", HallLevel.TOWNSHIP, "dcx", "东川县龙泉街道中心路8号", "工作日 8:30—17:30", ""),
]
# Windows of the other halls: hall code, number, name, kind.
NETWORK_WINDOWS = [
    ("cgz", "1", "综合受理窗口", WindowKind.COMPREHENSIVE),
    ("cgz", "2", "出件窗口", WindowKind.COMPLETED_ITEM),
    ("hkz", "1", "综合受理窗口", WindowKind.COMPREHENSIVE),
    ("xfc", "1", "代办窗口", WindowKind.COMPREHENSIVE),
    ("dcx", "1", "综合受理窗口", WindowKind.COMPREHENSIVE),
    ("dcx", "9", "出件窗口", WindowKind.COMPLETED_ITEM),
    ("lqjd", "1", "综合受理窗口", WindowKind.COMPREHENSIVE),
    ("lqjd", "2", "出件窗口", WindowKind.COMPLETED_ITEM),
]
# username, full name, role, hall code, window number (in that hall), department code.
NETWORK_STAFF = [
    ("city_supervisor", "高明远", Role.SUPERVISOR, "sfs", None, None),
    ("desk_cgz", "韩雪", Role.FRONT_DESK, "cgz", "1", None),
    ("delivery_cgz", "冯涛", Role.DELIVERY, "cgz", "2", None),
    ("desk_lqjd", "许晴", Role.FRONT_DESK, "lqjd", "1", None),
    ("delivery_lqjd", "曹阳", Role.DELIVERY, "lqjd", "2", None),
    ("desk_dcx", "彭丽", Role.FRONT_DESK, "dcx", "1", None),
    ("supervisor_dcx", "邓志强", Role.SUPERVISOR, "dcx", None, None),
    ("chief_dcx_scjg", "萧红", Role.CHIEF, "dcx", None, "dcx-scjg"),
]


def seed_network(*, stdout, password):
    """A city hall, two county halls, three township centres and a village point (idempotent).

    The home hall keeps everything the single-hall demo had; it is moved under the city hall.
    """
    from catalog.models import Department

    home = Hall.objects.get(pk=default_hall_id())
    halls = {"home": home}
    city_code, *city = HALLS[0]
    halls[city_code] = hall_save(
        code=city_code, name=city[0], level=city[1], address=city[3], hours=city[4], phone=city[5]
    )
    home = hall_save(
        code=home.code,
        name=home.name,
        level=HallLevel.COUNTY,
        parent=halls[city_code],
        address=home.address,
        hours=home.hours or "工作日 9:00—17:00（周三延时至19:00）",
        phone=home.phone,
    )
    halls["home"] = home
    for code, name, level, parent, address, hours, phone in HALLS[1:]:
        halls[code] = hall_save(
            code=code, name=name, level=level, parent=halls[parent], address=address, hours=hours, phone=phone
        )
    Department.objects.get_or_create(
        code="dcx-scjg",
        defaults={"name": "东川县市场监督管理局", "short_name": "东川县市场监管局", "hall": halls["dcx"]},
    )
    departments = {d.code: d for d in Department.objects.filter(code__in=["dcx-scjg"])}
    windows = {}
    for code, number, name, kind in NETWORK_WINDOWS:
        windows[(code, number)] = window_save(number=number, name=name, kind=kind, hall=halls[code])
    made = []
    for username, full_name, role, code, number, dept_code in NETWORK_STAFF:
        user, _created = _user(username, full_name, password)
        department = departments.get(dept_code)
        staff_profile_set(
            user=user, role=role, department=department, window=windows.get((code, number)), hall=halls[code]
        )
        if role == Role.CHIEF and department is not None:
            Department.objects.filter(pk=department.pk).update(chief_representative=user)
        made.append(username)
    implementations = _seed_implementations(halls)
    stdout.write(
        f"  大厅网络：{len(halls)} 个大厅（市、县、乡、村），实施清单 {implementations} 条，账号 {'、'.join(made)}"
    )


# 实施清单 of the demo network: item code, hall code, deciding department code, local promised days.
IMPLEMENTATIONS = [
    ("SCJG-SPXZF-DJ", "cgz", "scjg", 8),  # 就近办: the township receives, the county decides
    ("SCJG-SPXZF-DJ", "hkz", "scjg", 8),
    ("RSJ-SYBXJ", "xfc", "rsj", None),  # the village point receives for the county
    ("SCJG-SPJY-XK", "dcx", "dcx-scjg", 5),  # the other county implements it with its own department
    ("SCJG-SPJY-XK", "lqjd", "dcx-scjg", 5),
]
# 全市通办: received at any hall of the city.
CITYWIDE_ITEMS = ["GAJ-JZZ-QF", "RSJ-DWSB-DJ"]


def _seed_implementations(halls):
    from catalog.models import Department, Item, ItemImplementation

    Item.objects.filter(code__in=CITYWIDE_ITEMS).update(citywide=True)
    items = {i.code: i for i in Item.objects.filter(code__in={row[0] for row in IMPLEMENTATIONS})}
    departments = {d.code: d for d in Department.objects.filter(code__in={row[2] for row in IMPLEMENTATIONS})}
    made = 0
    for item_code, hall_code, dept_code, days in IMPLEMENTATIONS:
        item, department = items.get(item_code), departments.get(dept_code)
        if item is None or department is None:
            continue
        implementation = ItemImplementation.objects.filter(item=item, hall=halls[hall_code]).first()
        if implementation is None:
            implementation = ItemImplementation(item=item, hall=halls[hall_code])
        implementation.department, implementation.promised_limit_days = department, days
        implementation.window_numbers = "1号窗口"
        implementation.full_clean()
        implementation.save()
        made += 1
    return made
