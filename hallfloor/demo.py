"""Demo data for the hall floor: business areas on the demo windows, lockers, devices, and a
few of today's tickets. Idempotent; called by `manage.py seed_queue_demo`."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from catalog.models import Department
from hall.models import StaffProfile, Window, default_hall_id
from hallfloor import services
from hallfloor.constants import DeviceKind, Priority, TicketStatus
from hallfloor.models import BusinessArea, Device, Locker, Ticket

# (code, name, prefix, sort, windows, departments)
AREAS = [
    ("shangshi", "商事登记", "A", 10, ["1", "2", "12"], ["scjg", "sw"]),
    ("budongchan", "不动产", "B", 20, ["3"], ["zrzy", "zjj"]),
    ("touzi", "投资项目", "C", 30, ["4"], ["fgw", "sthj", "slj", "yjgl"]),
    ("bianmin", "综合便民", "D", 40, ["1", "2", "3", "4"], ["wsjk", "gaj", "rsj", "jyj", "jtys", "mzj", "rmyh"]),
]
LOCKERS = 12


def seed(*, stdout=None, password=None, tickets=True):
    say = stdout.write if stdout else (lambda _m: None)
    with transaction.atomic():
        for code, name, prefix, sort, window_numbers, dept_codes in AREAS:
            area, _ = BusinessArea.objects.update_or_create(
                code=code, defaults={"name": name, "prefix": prefix, "sort_order": sort}
            )
            area.windows.add(*Window.objects.filter(number__in=window_numbers, hall_id=default_hall_id()))
            area.departments.add(*Department.objects.filter(code__in=dept_codes))
        for n in range(1, LOCKERS + 1):
            Locker.objects.get_or_create(number=f"{n:02d}", defaults={"size": "L" if n > 9 else "M"})
    for name, kind in (
        ("大厅取号机1", DeviceKind.KIOSK),
        ("大厅叫号屏", DeviceKind.SCREEN),
        ("24小时文件柜终端", DeviceKind.LOCKER),
    ):
        if not Device.objects.filter(name=name).exists():
            _device, token = services.device_create(name=name, kind=kind)
            say(f"设备 {name} 令牌（只显示一次）：{token}\n")
    if tickets and not Ticket.objects.filter(day=timezone.localdate()).exists():
        _todays_tickets()
    say(f"大厅现场演示数据已就绪：业务区 {BusinessArea.objects.count()} 个，文件柜 {Locker.objects.count()} 格。\n")


def _todays_tickets():
    now = timezone.now()
    areas = {a.code: a for a in BusinessArea.objects.all()}
    specs = [
        ("shangshi", "", 38),
        ("shangshi", "", 31),
        ("shangshi", Priority.ELDERLY, 25),
        ("budongchan", "", 22),
        ("bianmin", "", 18),
        ("shangshi", "", 12),
        ("touzi", "", 9),
        ("bianmin", Priority.PREGNANT, 6),
        ("shangshi", "", 3),
    ]
    for code, priority, minutes_ago in specs:
        services.ticket_take(area=areas[code], priority=priority, now=now - timedelta(minutes=minutes_ago))
    at_home = StaffProfile.objects.filter(window__number="1", window__hall_id=default_hall_id())
    clerk = at_home.select_related("user", "window").first()
    if clerk is not None:
        first = services.ticket_call_next(window=clerk.window, by=clerk.user, now=now - timedelta(minutes=20))
        if first is not None:
            services.ticket_finish(ticket=first, window=clerk.window, by=clerk.user, now=now - timedelta(minutes=8))
        services.ticket_call_next(window=clerk.window, by=clerk.user, now=now - timedelta(minutes=2))
    assert Ticket.objects.filter(status=TicketStatus.WAITING).exists()
