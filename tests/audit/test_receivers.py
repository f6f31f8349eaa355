"""Sign-in, the shared security_event, and role/permission changes become chained audit rows."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from audit.constants import GENESIS, Kind
from audit.models import AuditEntry
from hall.constants import Role
from hall.models import StaffProfile
from hall.security_signals import security_event
from tests.factories import make_department, make_staff, make_user

pytestmark = pytest.mark.django_db


def last(kind):
    return AuditEntry.objects.filter(kind=kind).order_by("-seq").first()


def test_login_logout_and_failed_login_are_recorded_with_address_and_outcome(client):
    user = make_user(username="clerk1")
    client.post(reverse("login"), {"username": "clerk1", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    failed = last(Kind.LOGIN_FAILED)
    assert (failed.username, failed.outcome, failed.client_ip, failed.user_id) == (
        "clerk1",
        "failure",
        "10.1.2.3",
        None,
    )
    assert "wrong" not in str(failed.details)

    client.post(
        reverse("login"),
        {"username": "clerk1", "password": "pw-test-2026"},
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_FORWARDED_FOR="203.0.113.9",  # a header anyone can send is not the address
    )
    login = last(Kind.LOGIN)
    assert (login.user_id, login.outcome, login.client_ip) == (user.pk, "success", "10.1.2.3")
    client.post(reverse("logout"))
    assert last(Kind.LOGOUT).user_id == user.pk


def test_rows_are_chained_in_sequence():
    security_event.send(sender=None, kind="otp-enrolled", user=make_user(), request=None, outcome="success")
    security_event.send(sender=None, kind="export", user=None, request=None, outcome="failure", details={"rows": 3})
    rows = list(AuditEntry.objects.order_by("seq"))
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash and after.hash == after.compute_hash()
    assert rows[-1].kind == "export" and rows[-1].details == {"rows": 3} and rows[-1].outcome == "failure"


def test_audit_rows_refuse_update_and_delete():
    from audit.models import AppendOnlyError

    security_event.send(sender=None, kind="otp-reset", user=None, request=None, outcome="success")
    entry = AuditEntry.objects.get()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(outcome="failure")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_role_department_and_window_changes_are_recorded():
    dept = make_department()
    user = make_staff(role=Role.REVIEWER, department=dept)
    profile = StaffProfile.objects.get(user=user)
    profile.role = Role.CHIEF
    profile.save()
    row = last(Kind.ROLE_CHANGED)
    assert row.target == user.username and row.details["role"] == [Role.REVIEWER, Role.CHIEF]
    assert "department" not in row.details


def test_superuser_group_and_permission_changes_and_password_changes_are_recorded():
    user = make_user(username="promoted")
    user.is_superuser = True
    user.save()
    row = last(Kind.PERMISSION_CHANGED)
    assert row.target == "promoted" and row.details == {"is_superuser": [False, True]}

    group = Group.objects.create(name="审批科")
    user.groups.add(group)
    row = last(Kind.PERMISSION_CHANGED)
    assert row.details == {"change": "add", "what": "groups", "items": ["审批科"]}
    group.permissions.add(Permission.objects.get(codename="view_case"))
    assert last(Kind.PERMISSION_CHANGED).details["items"] == ["approvals.view_case"]

    user.set_password("another-Long-passw0rd")
    user.save()
    assert last(Kind.PASSWORD_CHANGED).target == "promoted"


def test_the_acting_admin_and_address_are_taken_from_the_request(admin_client, admin_user):
    dept = make_department()
    user = make_staff(role=Role.REVIEWER, department=dept)
    profile = StaffProfile.objects.get(user=user)
    url = reverse("admin:hall_staffprofile_change", args=[profile.pk])
    response = admin_client.post(
        url,
        {"user": user.pk, "role": Role.CHIEF, "department": dept.pk, "window": "", "hall": profile.hall_id},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302
    row = last(Kind.ROLE_CHANGED)
    assert (row.user_id, row.client_ip, row.target) == (admin_user.pk, "10.9.8.7", user.username)


def test_a_password_change_announced_twice_in_one_request_is_recorded_once(rf):
    from audit.services import current_request

    user = make_user(username="changer")
    request = rf.post("/accounts/password_change/")
    request.user = user
    token = current_request.set(request)
    try:
        user.set_password("another-Long-passw0rd")
        user.save()
        security_event.send(sender=None, kind="password-changed", user=user, request=request, outcome="success")
    finally:
        current_request.reset(token)
    assert AuditEntry.objects.filter(kind=Kind.PASSWORD_CHANGED, target="changer").count() == 1
    security_event.send(sender=None, kind="password-changed", user=user, request=None, outcome="success")
    assert AuditEntry.objects.filter(kind=Kind.PASSWORD_CHANGED, target="changer").count() == 2
