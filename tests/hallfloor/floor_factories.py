"""Factories for the hall floor tests."""

from hall.constants import Role, WindowKind
from hallfloor.drivers import SimulatedDriver
from hallfloor.models import BusinessArea, Locker
from hallfloor.notify import LogBackend
from tests.factories import make_staff, make_window


def make_area(*, code="shangshi", name="商事登记", prefix="A", windows=(), items=(), departments=(), **extra):
    area, _ = BusinessArea.objects.get_or_create(code=code, defaults={"name": name, "prefix": prefix, **extra})
    area.windows.add(*windows)
    area.items.add(*items)
    area.departments.add(*departments)
    return area


def window_clerk(number, *, areas=(), username=None):
    """A front-desk clerk at comprehensive window `number`, serving `areas`."""
    window = make_window(kind=WindowKind.COMPREHENSIVE, number=str(number))
    for area in areas:
        area.windows.add(window)
    return window, make_staff(role=Role.FRONT_DESK, window=window, username=username)


def make_lockers(n=3):
    return [Locker.objects.get_or_create(number=f"{i:02d}")[0] for i in range(1, n + 1)]


def reset_hardware():
    SimulatedDriver.reset()
    LogBackend.sent.clear()
