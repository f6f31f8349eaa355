"""Lockout after 5 failures per account and per client address, on every sign-in door,
with the client address taken only from trusted proxies (等保 2.0: 登录失败处理)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from rest_framework.test import APIClient

from hall.client_ip import client_ip, mask_ip
from tests.accounts.conftest import PASSWORD
from tests.factories import make_applicant_user, make_user

pytestmark = pytest.mark.django_db

DOORS = ["/accounts/login/", "/online/login/", "/admin/login/", "/api/v1/auth/token/"]


def _post(client, door, username, password, n):
    # A new forged X-Forwarded-For every time: it must not give a fresh allowance.
    return client.post(door, {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")


@pytest.fixture
def account(db):
    user = make_user(username="zhang", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.parametrize("door", DOORS)
def test_sixth_attempt_is_refused_even_with_the_right_password_and_a_new_forwarded_for(client, account, door):
    for n in range(5):
        response = _post(client, door, "zhang", f"wrong-{n}", n)
        assert response.status_code in (200, 400, 429), response.status_code
    response = _post(client, door, "zhang", PASSWORD, 99)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    if door.startswith("/api/"):
        assert "token" not in response.json()


@pytest.mark.parametrize("door", DOORS)
def test_four_failures_then_the_right_password_signs_in(client, account, door):
    for n in range(4):
        _post(client, door, "zhang", f"wrong-{n}", n)
    response = _post(client, door, "zhang", PASSWORD, 9)
    assert response.status_code in (200, 302)
    assert response.status_code != 429


def test_one_address_guessing_many_accounts_is_locked_too(client, account):
    for n in range(5):
        _post(client, "/accounts/login/", f"someone{n}", "wrong", n)
    # A sixth account from the same client address: refused before its password is checked.
    response = _post(client, "/accounts/login/", "zhang", PASSWORD, 50)
    assert response.status_code == 429


def test_account_locked_from_one_address_stays_locked_from_another(account):
    first, second = APIClient(REMOTE_ADDR="203.0.113.10"), APIClient(REMOTE_ADDR="203.0.113.20")
    for n in range(5):
        first.post("/api/v1/auth/token/", {"username": "zhang", "password": f"wrong-{n}"})
    response = second.post("/api/v1/auth/token/", {"username": "zhang", "password": PASSWORD})
    assert response.status_code == 429 and "锁定" in response.json()["detail"]


def test_counters_live_in_the_database_shared_by_every_process(client, account, settings):
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    for n in range(3):
        _post(client, "/accounts/login/", "zhang", "wrong", n)
    attempt = AccessAttempt.objects.get(username="zhang")
    assert attempt.failures_since_start == 3
    assert attempt.ip_address == "127.0.0.1"  # REMOTE_ADDR, not a forged header


def test_lockout_is_announced_as_a_security_event(client, account, events):
    for n in range(5):
        _post(client, "/accounts/login/", "zhang", "wrong", n)
    locked = [e for e in events if e["kind"] == "locked-out"]
    assert locked and locked[0]["outcome"] == "failure" and locked[0]["user"] == account


def test_threshold_is_configurable(client, account, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for n in range(2):
        _post(client, "/online/login/", "zhang", "wrong", n)
    assert _post(client, "/online/login/", "zhang", PASSWORD, 9).status_code == 429


def test_applicant_sees_the_chinese_message_on_the_portal(client):
    make_applicant_user(username="applicant")
    for n in range(6):
        response = _post(client, "/online/login/", "applicant", "wrong", n)
    assert response.status_code == 429
    body = response.content.decode()
    assert "账户已锁定" in body and "联系大厅管理员解锁" in body


# --- Unlock by an admin -------------------------------------------------------------------


def test_admin_unlocks_an_account_and_it_is_recorded(client, account, superuser, events):
    for n in range(5):
        _post(client, "/accounts/login/", "zhang", "wrong", n)
    admin_client = type(client)()
    admin_client.force_login(superuser)
    response = admin_client.post(
        "/admin/auth/user/", {"action": "unlock_users", "_selected_action": [account.pk]}, follow=True
    )
    assert "已解除 1 个账号的登录锁定" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="zhang").exists()
    unlocked = [e for e in events if e["kind"] == "unlocked"]
    assert unlocked and unlocked[0]["user"] == superuser and unlocked[0]["details"]["usernames"] == ["zhang"]
    # The client address also counted 5 failures; the admin clears it from the attempts list.
    response = client.post("/accounts/login/", {"username": "zhang", "password": PASSWORD})
    assert response.status_code == 302


def test_admin_unlocks_from_the_attempts_list(client, account, superuser):
    for n in range(5):
        _post(client, "/accounts/login/", "zhang", "wrong", n)
    admin_client = type(client)()
    admin_client.force_login(superuser)
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    admin_client.post("/admin/axes/accessattempt/", {"action": "unlock_attempts", "_selected_action": ids})
    assert client.post("/accounts/login/", {"username": "zhang", "password": PASSWORD}).status_code == 302


# --- The client address -------------------------------------------------------------------


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.HALL_TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(settings):
    settings.HALL_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # Through our proxy: the address the proxy appended (the right-most untrusted hop).
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"
    # Two of our proxies in a row are both peeled off.
    assert client_ip(_request("10.0.0.2", "198.51.100.9, 10.0.0.3")) == "198.51.100.9"
    # Straight from the internet: the header is whatever the caller wanted, so it is ignored.
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"
    # Garbage in the header: fall back to the proxy's own address.
    assert client_ip(_request("10.0.0.2", "not-an-ip")) == "10.0.0.2"


def test_behind_a_trusted_proxy_each_client_is_counted_apart(settings, account):
    settings.HALL_TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")
    for n in range(5):
        proxy.post(
            "/api/v1/auth/token/", {"username": f"nobody{n}", "password": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
    locked = proxy.post(
        "/api/v1/auth/token/", {"username": "zhang", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    other = proxy.post(
        "/api/v1/auth/token/", {"username": "zhang", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert locked.status_code == 429
    assert other.status_code == 200


def test_masked_address():
    assert mask_ip("203.0.113.77") == "203.0.113.*"
    assert mask_ip("2001:db8:85a3::8a2e:370:7334") == "2001:0db8:85a3:*"
    assert mask_ip("garbage") == ""


# --- DRF throttles no longer trust a forged X-Forwarded-For --------------------------------


def test_token_throttle_counts_the_real_client_not_the_forwarded_header(settings):
    settings.AXES_ENABLED = False  # the throttle on its own
    get_user_model().objects.create_user(username="clerk", password=PASSWORD)
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": "clerk", "password": f"guess-{n}"}, HTTP_X_FORWARDED_FOR=f"10.9.{n}.1"
        ).status_code
        for n in range(25)
    ]
    assert statuses[0] == 400 and statuses[-1] == 429


def test_registration_throttle_counts_the_real_client(monkeypatch):
    from hall.throttling import ProxyAwareScopedRateThrottle
    from tests.factories import resident_id

    monkeypatch.setattr(ProxyAwareScopedRateThrottle, "THROTTLE_RATES", {"portal-register": "3/hour"})
    client = APIClient()
    statuses = []
    for n in range(5):
        data = {
            "username": f"reg{n}",
            "password": "Hall-pass-2026",
            "applicant_type": "person",
            "name": "李四",
            "id_number": resident_id(),
            "phone": "13812345678",
        }
        statuses.append(
            client.post("/api/v1/portal/register/", data, format="json", HTTP_X_FORWARDED_FOR=f"10.8.{n}.1").status_code
        )
    assert statuses[:3] == [201, 201, 201] and statuses[3:] == [429, 429]


def test_a_token_clears_the_failure_count_like_a_page_sign_in(account):
    api = APIClient()
    for n in range(4):
        api.post("/api/v1/auth/token/", {"username": "zhang", "password": f"wrong-{n}"})
    assert api.post("/api/v1/auth/token/", {"username": "zhang", "password": PASSWORD}).status_code == 200
    for n in range(4):
        api.post("/api/v1/auth/token/", {"username": "zhang", "password": f"wrong-{n}"})
    assert api.post("/api/v1/auth/token/", {"username": "zhang", "password": PASSWORD}).status_code == 200
