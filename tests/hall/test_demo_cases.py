"""seed_demo: every account of DESIGN.md §9, cases in every state (some yellow and red), idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from catalog.models import Department
from hall.constants import Role, WindowKind
from hall.identity import clean_id_number
from hall.models import Window

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "admin",
    "desk",
    "special",
    "reviewer",
    "chief",
    "reviewer2",
    "delivery",
    "supervisor",
    "applicant",
    "applicant2",
]


def test_seed_demo_twice_makes_every_account_and_state_once():
    call_command("seed_demo", stdout=StringIO())
    User = get_user_model()
    for username in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password("hall-demo-2026"), username

    profile = lambda name: User.objects.get(username=name).staff_profile  # noqa: E731
    assert profile("desk").role == Role.FRONT_DESK and profile("desk").window.number == "1"
    assert profile("desk").window.kind == WindowKind.COMPREHENSIVE
    special = profile("special").window
    assert special.kind == WindowKind.SPECIALISED and special.department.code == "scjg" and special.number == "12"
    assert (profile("reviewer").role, profile("reviewer").department.code) == (Role.REVIEWER, "scjg")
    assert (profile("chief").role, profile("chief").department.code) == (Role.CHIEF, "scjg")
    assert Department.objects.get(code="scjg").chief_representative.username == "chief"
    assert (profile("reviewer2").role, profile("reviewer2").department.code) == (Role.REVIEWER, "wsjk")
    assert profile("delivery").window.kind == WindowKind.COMPLETED_ITEM
    assert profile("supervisor").role == Role.SUPERVISOR
    assert User.objects.get(username="admin").is_superuser
    person = User.objects.get(username="applicant").applicant_profile
    org = User.objects.get(username="applicant2").applicant_profile
    assert clean_id_number(applicant_type="person", value=person.id_number) == person.id_number
    assert clean_id_number(applicant_type="organisation", value=org.id_number) == org.id_number
    assert set(Window.objects.filter(kind=WindowKind.COMPREHENSIVE).values_list("number", flat=True)) >= {
        "1",
        "2",
        "3",
        "4",
    }

    cases, events = Case.objects.count(), CaseEvent.objects.count()
    assert 55 <= cases <= 70
    states = set(Case.objects.values_list("state", flat=True))
    assert states == set(CaseState.values)
    assert Case.objects.at_level("yellow").exists() and Case.objects.at_level("red").exists()
    assert Case.objects.values("department").distinct().count() >= 5
    for case in Case.objects.all():
        assert case.events.count() == case.last_event_seq  # one event per transition, none skipped
    assert CaseEvent.objects.filter(action="deem-accepted", actor__isnull=True).exists()

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (Case.objects.count(), CaseEvent.objects.count()) == (cases, events)
    assert User.objects.filter(username__in=ACCOUNTS).count() == len(ACCOUNTS)
    assert "已存在" in out.getvalue()
