"""Two-factor sign-in (TOTP + recovery codes): required for hall admins, superusers and
supervisors, available to all staff, reset by an admin (等保 2.0: 双因素鉴别)."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from hall.constants import Role
from tests.accounts.conftest import PASSWORD, code_for, enrol
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _login(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_supervisor_without_2fa_cannot_reach_the_board(client, supervisor, enforce_2fa):
    _login(client, supervisor)
    response = client.get("/board/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/setup/")
    assert "next=%2Fboard%2F" in response.url
    # Nor the board's drill-down, nor the API with the session.
    assert client.get("/board/cases/").status_code == 302
    assert client.get("/api/v1/cases/").status_code == 403


def test_supervisor_enrols_with_the_qr_page_then_reaches_the_board(client, supervisor, enforce_2fa, events):
    enforce_2fa.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp waits 1 s after a wrong code; tests do not
    _login(client, supervisor)
    page = client.get("/accounts/2fa/setup/?next=/board/")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "密钥" in body
    device = TOTPDevice.objects.get(user=supervisor, confirmed=False)
    wrong = client.post("/accounts/2fa/setup/?next=/board/", {"token": "000000", "next": "/board/"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    done = client.post("/accounts/2fa/setup/", {"token": code_for(device), "next": "/board/"})
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10  # recovery codes, shown once
    assert StaticToken.objects.filter(device__user=supervisor).count() == 10
    assert client.get("/board/").status_code == 200
    assert [e["kind"] for e in events if e["kind"].startswith("otp")] == ["otp-enrolment-failed", "otp-enrolled"]


def test_enrolled_supervisor_gives_a_code_after_the_password(client, supervisor, events):
    device = enrol(supervisor)  # enrolled users need the code even when the obligation is off
    _login(client, supervisor)
    response = client.get("/board/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/verify/")
    # The enrolment page cannot be used to bind a new authenticator and skip the code.
    assert client.get("/accounts/2fa/setup/").url.startswith("/accounts/2fa/verify/")
    response = client.post("/accounts/2fa/verify/", {"token": code_for(device), "next": "/board/"})
    assert response.status_code == 302 and response.url == "/board/"
    assert [e["kind"] for e in events if e["kind"].startswith("otp")] == ["otp-verified"]
    assert client.get("/board/").status_code == 200


def test_a_recovery_code_works_once(client, supervisor, enforce_2fa):
    device = TOTPDevice.objects.create(user=supervisor, confirmed=False)
    from accounts import services

    codes = services.otp_confirm_enrolment(user=supervisor, device=device, token=code_for(device))
    _login(client, supervisor)
    assert client.post("/accounts/2fa/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/board/").status_code == 200
    client.post("/accounts/logout/")
    _login(client, supervisor)
    assert client.post("/accounts/2fa/verify/", {"token": codes[0]}).status_code == 400


def test_wrong_codes_lock_the_account(client, supervisor, events):
    enrol(supervisor)
    _login(client, supervisor)
    for _ in range(4):
        assert client.post("/accounts/2fa/verify/", {"token": "123456"}).status_code == 400
    response = client.post("/accounts/2fa/verify/", {"token": "123456"})
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert sum(1 for e in events if e["kind"] == "otp-failed") == 5


def test_superuser_must_enrol_before_the_admin(client, superuser, enforce_2fa):
    response = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/setup/")


def test_front_desk_clerk_may_skip_2fa_unless_all_staff_must(client, desk, enforce_2fa):
    _login(client, desk)
    assert client.get("/workbench/desk/").status_code == 200
    enforce_2fa.HALL_2FA_REQUIRED_FOR_ALL_STAFF = True
    response = client.get("/workbench/desk/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/setup/")


def test_any_staff_member_may_enrol(client, desk):
    _login(client, desk)
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=desk)
    client.post("/accounts/2fa/setup/", {"token": code_for(device)})
    assert TOTPDevice.objects.get(user=desk).confirmed
    assert client.get("/workbench/desk/").status_code == 200


def test_applicants_are_not_asked(client, enforce_2fa):
    from tests.factories import make_applicant_user

    applicant = make_applicant_user(username="applicant")
    client.force_login(applicant)
    assert client.get("/online/cases/").status_code == 200


# --- The API for roles that must use two factors --------------------------------------------


def test_token_for_a_supervisor_needs_the_code(supervisor, enforce_2fa):
    enforce_2fa.OTP_TOTP_THROTTLE_FACTOR = 0
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": "supervisor", "password": PASSWORD})
    assert response.status_code == 403 and "两步验证" in response.json()["detail"]
    device = enrol(supervisor)
    response = api.post("/api/v1/auth/token/", {"username": "supervisor", "password": PASSWORD})
    assert response.status_code == 400 and "otp" in response.json()
    response = api.post("/api/v1/auth/token/", {"username": "supervisor", "password": PASSWORD, "otp": "000000"})
    assert response.status_code == 400 and "两步验证码不正确" in response.json()["otp"][0]
    response = api.post(
        "/api/v1/auth/token/", {"username": "supervisor", "password": PASSWORD, "otp": code_for(device)}
    )
    assert response.status_code == 200 and response.json()["token"]


def test_token_for_a_clerk_without_2fa_needs_no_code(desk, enforce_2fa):
    response = APIClient().post("/api/v1/auth/token/", {"username": "desk", "password": PASSWORD})
    assert response.status_code == 200


# --- Reset by an admin ----------------------------------------------------------------------


def test_admin_resets_a_users_2fa_and_it_is_recorded(client, supervisor, superuser, events):
    enrol(supervisor)
    admin_client = type(client)()
    admin_client.force_login(superuser)
    enrol(superuser)
    # The admin themself gives a code first.
    device = TOTPDevice.objects.get(user=superuser)
    admin_client.post("/accounts/2fa/verify/", {"token": code_for(device)})
    response = admin_client.post(
        "/admin/auth/user/", {"action": "reset_otp", "_selected_action": [supervisor.pk]}, follow=True
    )
    assert "已重置 1 个账号的两步验证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=supervisor).exists()
    reset = [e for e in events if e["kind"] == "otp-reset"]
    assert reset and reset[0]["user"] == superuser and reset[0]["details"]["target_user_id"] == supervisor.pk


def test_reset_action_needs_the_right_to_change_users(client, db):
    from django.contrib.auth.models import Permission

    reviewer = make_staff(role=Role.REVIEWER, username="rev")
    reviewer.is_staff = True
    reviewer.save()
    reviewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    target = make_staff(role=Role.SUPERVISOR, username="sup2")
    enrol(target)
    client.force_login(reviewer)
    response = client.post("/admin/auth/user/", {"action": "reset_otp", "_selected_action": [target.pk]})
    assert response.status_code in (200, 302)
    assert TOTPDevice.objects.filter(user=target).exists()  # the action was not offered
