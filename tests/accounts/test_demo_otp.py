"""`manage.py demo_otp`: the demo's admin and supervisor get a published TOTP secret."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from hall.constants import Role
from tests.factories import make_staff, make_user

pytestmark = pytest.mark.django_db


def test_refuses_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_otp", stdout=io.StringIO())


def test_enrols_admin_and_supervisor_and_prints_a_code_their_device_accepts(settings):
    settings.DEBUG = True
    admin = make_user(username="admin", is_staff=True, is_superuser=True)
    supervisor = make_staff(role=Role.SUPERVISOR, username="supervisor")
    make_staff(role=Role.SUPERVISOR, username="city_supervisor")
    make_staff(role=Role.FRONT_DESK, username="desk")
    out = io.StringIO()
    call_command("demo_otp", stdout=out)
    call_command("demo_otp", stdout=io.StringIO())  # idempotent
    assert "验证器密钥" in out.getvalue()
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == {
        "admin",
        "supervisor",
        "city_supervisor",
    }
    code = io.StringIO()
    call_command("demo_otp", "--code", stdout=code)
    token = code.getvalue().strip()
    assert len(token) == 6 and token.isdigit()
    assert TOTPDevice.objects.get(user=supervisor).verify_token(token)
    assert TOTPDevice.objects.filter(user=admin).count() == 1
