"""API token look-ups come from the cache when warm, and every change to what they read (the
token, the user, the staff profile, a department, window or group) counts from the next request."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIClient

from accounts import services, token_cache
from accounts.authentication import ExpiringTokenAuthentication
from catalog import clock
from hall.constants import Role
from tests.factories import make_department, make_staff, make_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(dept):
    return make_staff(role=Role.REVIEWER, department=dept, username="reviewer")


@pytest.fixture
def key(reviewer):
    return Token.objects.create(user=reviewer).key


def authenticate(key):
    return ExpiringTokenAuthentication().authenticate_credentials(key)


def _api(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _counted_get(api, url):
    with mock.patch.object(clock, "VERSION_CHECK_SECONDS", 10**9), CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def _reads_token(statements):
    return [s for s in statements if 'FROM "authtoken_token"' in s]


# --- Warm cache ---------------------------------------------------------------------------------


def test_a_warm_request_runs_one_query_fewer(desk):
    key = Token.objects.create(user=desk).key
    api = _api(key)
    api.get("/api/v1/cases/")  # warms the per-process caches (calendar, content types)
    cache.delete(token_cache.entry_key(key))
    cold = _counted_get(api, "/api/v1/cases/")
    warm = _counted_get(api, "/api/v1/cases/")
    assert len(warm) == len(cold) - 1
    assert len(_reads_token(cold)) == 1 and not _reads_token(warm)


def test_the_cached_user_is_what_the_query_gives(key, reviewer, dept, django_assert_num_queries):
    with django_assert_num_queries(1):
        authenticate(key)
    with django_assert_num_queries(0):
        user, token = authenticate(key)
    assert token.key == key and token.user_id == reviewer.pk and user.pk == reviewer.pk
    assert user._hall_staff_profile is user.staff_profile
    assert user.staff_profile.department.name == dept.name and user.staff_profile.window_id is None
    with django_assert_num_queries(1):  # the password hash is not cached: read when needed
        assert user.check_password("pw-test-2026")


def test_the_entry_holds_no_key_no_password_and_no_per_request_memos(key, reviewer):
    def load(key):
        token = ExpiringTokenAuthentication().load_token(key)
        token.user._perm_cache = {"x"}
        token.user._hall_signin_facts = {"has_totp": True}
        token.user._hall_staff_profile = token.user.staff_profile
        token.user.staff_profile._hall_scope = [1]
        token.user.staff_profile.department.items_count = 3
        return token

    token_cache.fetch(key=key, load=load)
    entry = cache.get(token_cache.entry_key(key))
    cached = entry["token"]
    assert cached.key == "" and key not in repr(entry)
    user = cached.user
    assert "password" not in user.__dict__
    assert not {"_perm_cache", "_hall_signin_facts", "_hall_staff_profile"} & set(user.__dict__)
    assert "_hall_scope" not in user.staff_profile.__dict__
    assert "items_count" not in user.staff_profile.department.__dict__
    assert set(user._state.fields_cache) == {"staff_profile"}


# --- Changes count from the next request ---------------------------------------------------------


def test_revoked_token_fails_at_once(desk):
    api = _api(services.token_issue(user=desk).key)
    assert api.get("/api/v1/cases/").status_code == 200
    assert api.get("/api/v1/cases/").status_code == 200  # from the cache
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/cases/").status_code == 401


def test_revoking_through_the_service_fails_at_once(key, reviewer):
    authenticate(key)
    services.token_revoke(user=reviewer, reason="test")
    with pytest.raises(AuthenticationFailed):
        authenticate(key)


def test_deactivated_user_fails_at_once(desk):
    api = _api(services.token_issue(user=desk).key)
    assert api.get("/api/v1/cases/").status_code == 200
    desk.is_active = False
    desk.save()
    assert api.get("/api/v1/cases/").status_code == 401


def test_moved_staff_profile_is_seen_on_the_next_request(key, reviewer):
    authenticate(key)
    other = make_department(code="other", name="另一个部门")
    profile = reviewer.staff_profile
    profile.department = other
    profile.save()
    user, _token = authenticate(key)
    assert user.staff_profile.department_id == other.pk and user._hall_staff_profile.department.name == "另一个部门"


def test_renamed_department_is_a_miss(key, dept, django_assert_num_queries):
    authenticate(key)
    dept.name = "新名字"
    dept.save()
    with django_assert_num_queries(1):
        user, _token = authenticate(key)
    assert user.staff_profile.department.name == "新名字"
    with django_assert_num_queries(0):
        authenticate(key)


def test_changed_window_or_group_is_a_miss(desk, django_assert_num_queries):
    key = Token.objects.create(user=desk).key
    authenticate(key)
    window = desk.staff_profile.window
    window.name = "改名的窗口"
    window.save()
    with django_assert_num_queries(1):
        user, _token = authenticate(key)
    assert user.staff_profile.window.name == "改名的窗口"
    Group.objects.create(name="clerks")
    with django_assert_num_queries(1):
        authenticate(key)


def test_joining_a_group_is_a_miss(key, reviewer, django_assert_num_queries):
    authenticate(key)
    reviewer.groups.add(Group.objects.create(name="reviewers"))
    with django_assert_num_queries(1):
        authenticate(key)


def test_a_look_up_that_read_the_row_before_a_change_does_not_cache_it(key, reviewer):
    """A request reads the token row, then another commits a change before the first writes the
    entry: the entry must not be written (the change left a tombstone)."""
    loader = ExpiringTokenAuthentication().load_token

    def load_then_change(key):
        token = loader(key)
        reviewer.is_active = False
        reviewer.save()  # another request, committing after our read
        return token

    assert token_cache.fetch(key=key, load=load_then_change).user.is_active
    with pytest.raises(AuthenticationFailed):
        authenticate(key)


def test_expired_token_fails_even_when_cached(key):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as travel:
        authenticate(key)
        travel.shift(timedelta(hours=8, seconds=1))
        with pytest.raises(AuthenticationFailed, match="已过期"):
            authenticate(key)
    assert not Token.objects.filter(key=key).exists()


def test_a_new_generation_after_the_cache_lost_it_orphans_old_entries(key, dept, django_assert_num_queries):
    authenticate(key)
    cache.delete(token_cache.GENERATION_KEY)  # evicted
    with django_assert_num_queries(1):
        authenticate(key)
    with django_assert_num_queries(0):
        authenticate(key)


# --- Off, or broken -----------------------------------------------------------------------------


def test_zero_seconds_turns_the_cache_off(key, settings, django_assert_num_queries):
    settings.HALL_API_TOKEN_CACHE_SECONDS = 0
    cache.clear()
    with mock.patch.object(cache, "get_many", side_effect=AssertionError("cache used")) as get_many:
        for _ in range(2):
            with django_assert_num_queries(1):
                authenticate(key)
        make_window(number="W-off").save()
        services.token_revoke(user=Token.objects.get(key=key).user, reason="test")
    get_many.assert_not_called()
    assert cache.get(token_cache.entry_key(key)) is None and cache.get(token_cache.GENERATION_KEY) is None


def test_a_failing_cache_falls_back_to_the_database(key, reviewer, caplog, django_assert_num_queries):
    caplog.set_level(logging.WARNING, logger="accounts.token_cache")
    token_cache.fetch(key=key, load=ExpiringTokenAuthentication().load_token)  # a working cache first
    down = ConnectionError("redis down")
    with mock.patch.object(cache, "get_many", side_effect=down), mock.patch.object(cache, "set_many", side_effect=down):
        for _ in range(2):
            with django_assert_num_queries(1):
                user, _token = authenticate(key)
            assert user.pk == reviewer.pk
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1  # once per outage
        services.token_revoke(user=reviewer, reason="test")  # the revocation stands
        assert any(r.levelno == logging.ERROR for r in caplog.records)
        with pytest.raises(AuthenticationFailed):
            authenticate(key)
    assert not Token.objects.filter(key=key).exists()
