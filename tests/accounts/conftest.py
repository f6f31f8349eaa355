import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hall.constants import Role
from hall.security_signals import security_event
from tests.factories import make_department, make_staff, make_user

PASSWORD = "Right-pass-2026"


@pytest.fixture
def dept(db):
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def supervisor(db):
    user = make_staff(role=Role.SUPERVISOR, username="supervisor")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def desk(db):
    user = make_staff(role=Role.FRONT_DESK, username="desk")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def superuser(db):
    user = make_user(username="boss", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def enforce_2fa(settings):
    settings.HALL_2FA_ENFORCED = True
    return settings


@pytest.fixture
def events():
    """Every security_event sent during the test, as dicts."""
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    security_event.connect(receiver, weak=False, dispatch_uid="tests-accounts-events")
    yield seen
    security_event.disconnect(dispatch_uid="tests-accounts-events")


def enrol(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(device, *, offset=0):
    """The device's current code (offset in 30-second steps)."""
    return (
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):0{device.digits}d}"
    )
