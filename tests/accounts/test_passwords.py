"""Password rules: 12+ characters, 3 of 4 classes, not the username, not common; staff
change theirs every 90 days with a warning before (等保 2.0: 口令复杂度与定期更换)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import PasswordState
from tests.accounts.conftest import PASSWORD
from tests.factories import make_applicant_user, make_user

pytestmark = pytest.mark.django_db


def _errors(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [e.code for e in exc.error_list]
    return []


def test_zhangwei2026_is_refused():
    assert "password_too_few_classes" in _errors("zhangwei2026")


def test_the_demo_password_is_valid():
    assert _errors("hall-demo-2026", make_user(username="admin")) == []


@pytest.mark.parametrize(
    "password, code",
    [
        ("Short-1a", "password_too_short"),  # 8 characters
        ("abcdefghijklmn", "password_too_few_classes"),  # one class
        ("abcdefgh12345", "password_too_few_classes"),  # two classes
        ("Qwertyuiop12", "password_too_common"),  # three classes, but on the common list
        ("Password1234", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, code):
    assert code in _errors(password)


def test_password_may_not_contain_the_username():
    user = make_user(username="liuyang")
    assert "password_contains_username" in _errors("LiuYang-2026!", user)
    assert _errors("Hall-pass-2026", user) == []


def test_messages_are_in_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_password("zhangwei2026")
    assert "至少 3 类" in " ".join(exc.value.messages)


def test_registering_an_applicant_applies_the_rules(client):
    from tests.factories import resident_id

    data = {
        "applicant_type": "person",
        "name": "张伟",
        "id_number": resident_id(),
        "phone": "13812345678",
        "username": "zhangwei",
        "password1": "zhangwei2026",
        "password2": "zhangwei2026",
    }
    response = client.post("/online/register/", data)
    assert response.status_code == 400
    assert "至少 3 类" in response.content.decode()


# --- Periodic change for staff ---------------------------------------------------------------


def test_setting_a_password_starts_the_clock():
    user = make_user(username="clock")
    assert not PasswordState.objects.filter(user=user).exists()  # a new account counts from date_joined
    user.set_password("First-pass-2026")
    user.save()
    first = PasswordState.objects.get(user=user).changed_at
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        user.set_password("Another-pass-2026")
        user.save()
    assert PasswordState.objects.get(user=user).changed_at - first >= timedelta(days=3)


def test_expired_password_forces_a_change_before_anything_else(client, desk, events):
    PasswordState.objects.filter(user=desk).update(changed_at=timezone.now() - timedelta(days=91))
    client.force_login(desk)
    response = client.get("/workbench/desk/")
    assert response.status_code == 302 and response.url.startswith("/accounts/password/")
    page = client.get(response.url)
    assert page.status_code == 200 and "密码已到期" in page.content.decode()
    new = "Fresh-pass-2026!"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert client.get("/workbench/desk/").status_code == 200
    assert sum(1 for e in events if e["kind"] == "password-expired") == 1  # once, not per request
    changed = [e for e in events if e["kind"] == "password-changed"]
    assert changed and changed[0]["details"]["forced"] is True and changed[0]["user"] == desk


def test_change_refuses_a_weak_new_password(client, desk):
    client.force_login(desk)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "zhangwei2026", "new_password2": "zhangwei2026"},
    )
    assert response.status_code == 200 and "至少 3 类" in response.content.decode()


def test_a_warning_comes_before_the_deadline(client, desk):
    PasswordState.objects.filter(user=desk).update(changed_at=timezone.now() - timedelta(days=80))
    client.force_login(desk)
    response = client.get("/workbench/desk/", follow=True)
    assert response.status_code == 200
    assert "您的密码将在 9 天后到期" in response.content.decode()
    # Once per session, not on every page.
    assert "密码将在" not in client.get("/workbench/desk/").content.decode()


def test_period_is_configurable_and_applicants_are_not_forced(client, desk, settings):
    settings.HALL_PASSWORD_MAX_AGE_DAYS = 30
    PasswordState.objects.filter(user=desk).update(changed_at=timezone.now() - timedelta(days=31))
    client.force_login(desk)
    assert client.get("/workbench/desk/").status_code == 302
    applicant = make_applicant_user(username="applicant")
    PasswordState.objects.filter(user=applicant).update(changed_at=timezone.now() - timedelta(days=400))
    client.force_login(applicant)
    assert client.get("/online/cases/").status_code == 200


def test_no_api_token_with_an_expired_password(desk):
    from rest_framework.test import APIClient

    PasswordState.objects.filter(user=desk).update(changed_at=timezone.now() - timedelta(days=91))
    response = APIClient().post("/api/v1/auth/token/", {"username": "desk", "password": PASSWORD})
    assert response.status_code == 403 and "密码已到期" in response.json()["detail"]
