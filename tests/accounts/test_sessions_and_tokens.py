"""Idle logout, API tokens that expire and die with logout, and a user's own sessions page."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import UserSession
from tests.accounts.conftest import PASSWORD
from tests.factories import make_applicant_user

pytestmark = pytest.mark.django_db


def _login(client, user, address="203.0.113.77"):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=address)
    assert response.status_code == 302
    return client


# --- Idle logout ------------------------------------------------------------------------------


def test_idle_staff_session_expires_after_30_minutes(client, desk, events):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _login(client, desk)
        assert client.get("/workbench/desk/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/workbench/desk/").status_code == 200  # activity resets the clock
        clock.shift(timedelta(minutes=29))
        assert client.get("/workbench/desk/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/workbench/desk/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session
        page = client.get(response.url)
        assert "自动退出" in page.content.decode()
    assert any(e["kind"] == "session-idle-timeout" for e in events)


def test_background_polling_does_not_keep_a_session_alive(client, desk):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _login(client, desk)
        client.get("/workbench/desk/")
        for _ in range(4):
            clock.shift(timedelta(minutes=10))
            client.get("/workbench/desk/", HTTP_X_HALL_BACKGROUND="1", HTTP_HX_REQUEST="true")
        assert "_auth_user_id" not in client.session


def test_idle_timeout_is_configurable_and_the_page_carries_the_warning_script(client, desk, settings):
    settings.HALL_IDLE_TIMEOUT_SECONDS = 300
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _login(client, desk)
        body = client.get("/workbench/desk/").content.decode()
        assert '<meta name="hall-idle-timeout" content="300"' in body
        assert "/static/hall/idle.js" in body
        clock.shift(timedelta(seconds=301))
        assert client.get("/workbench/desk/").status_code == 302


def test_keepalive_counts_as_activity(client, desk):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _login(client, desk)
        client.get("/workbench/desk/")
        clock.shift(timedelta(minutes=28))
        assert client.post("/accounts/session/keepalive/").status_code == 204
        clock.shift(timedelta(minutes=28))
        assert client.get("/workbench/desk/").status_code == 200


def test_applicants_keep_the_ordinary_session(client):
    applicant = make_applicant_user(username="applicant")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(applicant)
        client.get("/online/cases/")
        clock.shift(timedelta(minutes=45))
        assert client.get("/online/cases/").status_code == 200
        assert "hall-idle-timeout" not in client.get("/online/cases/").content.decode()


# --- API tokens -------------------------------------------------------------------------------


def _token(user):
    response = APIClient().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()


def _api(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_token_stops_working_after_api_logout(desk, events):
    key = _token(desk)["token"]
    api = _api(key)
    assert api.get("/api/v1/cases/").status_code == 200
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/cases/").status_code == 401
    assert [e["kind"] for e in events if e["kind"].startswith("token")] == ["token-issued", "token-revoked"]


def test_signing_out_of_the_pages_revokes_the_token(client, desk):
    key = _token(desk)["token"]
    _login(client, desk)
    client.post("/accounts/logout/")
    assert not Token.objects.filter(user=desk).exists()
    assert _api(key).get("/api/v1/cases/").status_code == 401


def test_token_expires_after_8_hours(desk):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        issued = _token(desk)
        assert issued["expires_at"].startswith((start + timedelta(hours=8)).astimezone().strftime("%Y-%m-%dT"))
        api = _api(issued["token"])
        clock.shift(timedelta(hours=7, minutes=59))
        assert api.get("/api/v1/cases/").status_code == 200
        clock.shift(timedelta(minutes=2))
        response = api.get("/api/v1/cases/")
        assert response.status_code == 401 and "已过期" in response.json()["detail"]
        # A new request for a token gives a new one.
        assert _token(desk)["token"] != issued["token"]


def test_token_lifetime_is_configurable(desk, settings):
    settings.HALL_API_TOKEN_LIFETIME_SECONDS = 60
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        api = _api(_token(desk)["token"])
        clock.shift(timedelta(seconds=61))
        assert api.get("/api/v1/cases/").status_code == 401


# --- The user's own sessions ------------------------------------------------------------------


def test_user_sees_their_sessions_with_masked_addresses_and_ends_another(desk, events):
    office, home = _login(Client(), desk, "203.0.113.77"), _login(Client(), desk, "198.51.100.5")
    page = office.get("/accounts/security/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "203.0.113.*" in body and "198.51.100.*" in body
    assert "203.0.113.77" not in body and "198.51.100.5" not in body
    assert "当前会话" in body
    other = UserSession.objects.get(user=desk, masked_address="198.51.100.*")
    response = office.post(f"/accounts/security/sessions/{other.pk}/end/")
    assert response.status_code == 302
    assert home.get("/workbench/desk/").status_code == 302  # signed out there
    assert office.get("/workbench/desk/").status_code == 200
    assert any(e["kind"] == "session-ended" for e in events)


def test_end_all_other_sessions(desk):
    mine = _login(Client(), desk)
    others = [_login(Client(), desk, f"198.51.100.{n}") for n in range(3)]
    mine.post("/accounts/security/sessions/end-others/")
    assert all(o.get("/workbench/desk/").status_code == 302 for o in others)
    assert mine.get("/workbench/desk/").status_code == 200
    assert UserSession.objects.filter(user=desk).count() == 1


def test_another_users_session_is_404_and_anonymous_goes_to_login(desk, supervisor):
    _login(Client(), supervisor, "198.51.100.9")
    theirs = UserSession.objects.get(user=supervisor)
    mine = _login(Client(), desk)
    assert mine.post(f"/accounts/security/sessions/{theirs.pk}/end/").status_code == 404
    assert "198.51.100" not in mine.get("/accounts/security/").content.decode()
    anonymous = Client()
    assert anonymous.get("/accounts/security/").url.startswith("/accounts/login/")
    assert anonymous.post(f"/accounts/security/sessions/{theirs.pk}/end/").status_code == 302
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_every_page_request_counts_the_same(client, desk):
    """Activity is written on each request, so a page's query count does not depend on timing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _login(client, desk)
        client.get("/workbench/desk/")
        with CaptureQueriesContext(connection) as soon:
            client.get("/workbench/desk/")
        clock.shift(timedelta(minutes=5))
        with CaptureQueriesContext(connection) as later:
            client.get("/workbench/desk/")
    assert len(soon.captured_queries) == len(later.captured_queries)


def test_password_change_keeps_the_session_listed(client, desk):
    _login(client, desk)
    new = "Fresh-pass-2026!"
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    page = client.get("/accounts/security/").content.decode()
    assert "当前会话" in page
