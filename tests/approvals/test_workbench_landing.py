"""/workbench/ sends each role to its page; non-staff never see a workbench."""

import pytest
from django.urls import reverse

from hall.constants import Role
from tests.factories import make_applicant_user, make_staff, make_user

pytestmark = pytest.mark.django_db


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("approvals:workbench"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "target"),
    [
        (Role.FRONT_DESK, "approvals:desk"),
        (Role.REVIEWER, "approvals:inbox"),
        (Role.CHIEF, "approvals:inbox"),
        (Role.DELIVERY, "approvals:delivery"),
        (Role.SUPERVISOR, "supervision:board"),
        (Role.HALL_ADMIN, "admin:index"),
    ],
)
def test_each_role_lands_on_its_workbench(client, dept, role, target):
    client.force_login(make_staff(role=role, department=dept))
    response = client.get(reverse("approvals:workbench"))
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


def test_login_redirects_to_the_workbench(client, dept):
    user = make_staff(role=Role.REVIEWER, department=dept)
    response = client.post(reverse("login"), {"username": user.username, "password": "pw-test-2026"})
    assert response["Location"] == "/workbench/"


def test_an_applicant_is_kept_out_of_staff_pages(client):
    client.force_login(make_applicant_user())
    assert client.get(reverse("approvals:desk")).status_code == 403
    assert client.get(reverse("supervision:board")).status_code == 403
    assert client.get(reverse("approvals:workbench")).status_code == 302


def test_wrong_role_gets_403_in_chinese(client, dept):
    client.force_login(make_staff(role=Role.REVIEWER, department=dept))
    response = client.get(reverse("approvals:desk"))
    assert response.status_code == 403


def test_header_shows_name_role_department_and_window(client, dept):
    user = make_staff(role=Role.FRONT_DESK)
    user.first_name = "李窗口"
    user.save()
    client.force_login(user)
    page = client.get(reverse("approvals:desk")).content.decode()
    assert "李窗口" in page
    assert "综合受理" in page
    assert "1号窗口" in page

    reviewer = make_staff(role=Role.REVIEWER, department=dept)
    client.force_login(reviewer)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert "部门审查人员" in page and "市场监管局" in page


def test_superuser_without_profile_lands_in_admin(client):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("approvals:workbench"))["Location"] == reverse("admin:index")


def test_header_shows_the_unread_warning_count(client, item, cast):
    from supervision.models import Notification
    from tests.factories import make_case

    case = make_case(state="in_review", item=item, cast=cast)
    reviewer = cast.reviewer
    for _ in range(3):
        Notification.objects.create(user=reviewer, case=case, kind="time_limit", level="yellow", message="临近期限")
    client.force_login(reviewer)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert '<span class="site-user__count">3</span>' in page
    assert reverse("supervision:notifications") in page
