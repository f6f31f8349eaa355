"""24-hour lockers on the simulated driver: drop-off → take in → register → result → pickup."""

import re

import pytest
from django.core.exceptions import ValidationError

from hall.constants import Role
from hallfloor import services
from hallfloor.constants import NotificationKind, ParcelStatus
from hallfloor.drivers import SimulatedDriver
from hallfloor.models import LockerParcel, Notification
from tests.factories import make_case, make_item, make_staff
from tests.hallfloor.floor_factories import make_lockers

pytestmark = pytest.mark.django_db


def ready_case(item):
    return make_case(state="ready", item=item)


def test_drop_off_take_in_register_result_pickup():
    make_lockers(2)
    item = make_item(kind="promised", materials=1, steps=("决定",))
    clerk = make_staff(role=Role.FRONT_DESK)
    parcel, drop_code = services.locker_drop_off(applicant_name="赵投递", phone="13700001111", item=item)
    assert SimulatedDriver.opened == ["01"]
    assert parcel.status == ParcelStatus.STORED and parcel.code_hash and drop_code not in parcel.code_hash
    services.parcel_take_in(parcel=parcel, by=clerk)
    assert SimulatedDriver.opened == ["01", "01"]
    case = ready_case(item)
    services.parcel_register(parcel=parcel, case=case, by=clerk)
    result, code = services.locker_put_result(case=case, by=clerk)
    assert result.locker.number == "01"  # free again after the take-in
    sms = Notification.objects.get(parcel=result, kind=NotificationKind.LOCKER_RESULT)
    assert re.search(r"取件码 (\d{6})", sms.text).group(1) == code
    assert code not in sms.summary
    with pytest.raises(ValidationError):
        services.locker_pickup(code="000000" if code != "000000" else "111111")
    picked = services.locker_pickup(code=code)
    assert picked.pk == result.pk and picked.status == ParcelStatus.COLLECTED
    assert SimulatedDriver.opened[-1] == "01"
    with pytest.raises(ValidationError):  # a code opens once
        services.locker_pickup(code=code)


def test_no_free_locker_and_a_door_that_will_not_open_are_conflicts():
    (locker,) = make_lockers(1)
    item = make_item()
    services.locker_drop_off(applicant_name="甲", item=item)
    with pytest.raises(services.FloorConflict):
        services.locker_drop_off(applicant_name="乙", item=item)
    LockerParcel.objects.update(status=ParcelStatus.COLLECTED)
    SimulatedDriver.faulty.add(locker.number)
    with pytest.raises(services.FloorConflict):
        services.locker_drop_off(applicant_name="丙", item=item)
    assert LockerParcel.objects.filter(status=ParcelStatus.STORED).count() == 0  # rolled back


def test_result_needs_a_ready_case():
    make_lockers(1)
    case = make_case(state="received")
    with pytest.raises(services.FloorConflict):
        services.locker_put_result(case=case, by=make_staff())
