"""The admin page listing the sign-in security settings in force."""

import pytest

from hall.constants import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_admin_sees_the_settings_in_force(client, superuser, settings):
    settings.HALL_LOCKOUT_FAILURES = 7
    settings.HALL_IDLE_TIMEOUT_SECONDS = 20 * 60
    settings.HALL_AUDIT_RETENTION_DAYS = 185  # the audit log's setting, shown when present
    client.force_login(superuser)
    response = client.get("/admin/security-settings/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "7 次失败 / 15 分钟内" in body
    assert "20 分钟" in body
    assert "8.0 小时" in body
    assert "大厅管理员、超级用户、督查" in body
    assert "HALL_AUDIT_RETENTION_DAYS" in body and "185" in body
    assert "no-store" in response.headers["Cache-Control"]
    assert "/admin/security-settings/" in client.get("/admin/").content.decode()


def test_hall_admin_role_may_see_it_other_staff_may_not(client):
    hall_admin = make_staff(role=Role.HALL_ADMIN, username="halladmin")
    reviewer = make_staff(role=Role.REVIEWER, username="rev")
    for user in (hall_admin, reviewer):
        user.is_staff = True
        user.save()
    client.force_login(hall_admin)
    assert client.get("/admin/security-settings/").status_code == 200
    client.force_login(reviewer)
    assert client.get("/admin/security-settings/").status_code == 403


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get("/admin/security-settings/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
