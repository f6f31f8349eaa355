"""seed_demo: every account of DESIGN.md §9; three months of a county hall replayed through the
services (every state, green/yellow/red, office-hour rhythms, nothing in the future); idempotent;
any acknowledgement window."""

from datetime import time, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from catalog import clock
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
    started = timezone.now()
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
    assert 200 <= cases <= 450
    assert_a_county_halls_three_months(started)
    # Dispatched at seed time: still inside the window, for the live worker to deem accepted later.
    waiting = Case.objects.filter(state=CaseState.DISPATCHED, auto_accept_at__gt=started)
    assert waiting.count() >= 3

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (Case.objects.count(), CaseEvent.objects.count()) == (cases, events)
    assert User.objects.filter(username__in=ACCOUNTS).count() == len(ACCOUNTS)
    assert "已存在" in out.getvalue()


def test_seed_demo_works_with_a_five_second_acknowledgement_window(settings):
    """The replayed acknowledgements fall inside the replayed window, however short it is."""
    settings.HALL_AUTO_ACCEPT_SECONDS = 5
    started = timezone.now()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "演示数据已就绪" in out.getvalue()
    assert_a_county_halls_three_months(started)
    acknowledged = 0
    for ack in CaseEvent.objects.filter(action="acknowledge").select_related("case"):
        dispatch = ack.case.events.filter(action="dispatch", seq__lt=ack.seq).order_by("-seq").first()
        assert timedelta(0) < ack.at - dispatch.at < timedelta(seconds=5), ack.case.number
        acknowledged += 1
    assert acknowledged >= 100
    for case in Case.objects.filter(events__action="deem-accepted"):
        assert case.accepted_at == case.auto_accept_at


def assert_a_county_halls_three_months(started):
    """Every state and level, the real services' invariants, and the rhythms of a real hall."""
    now = timezone.now()
    cases = Case.objects.all()
    total = cases.count()
    assert set(cases.values_list("state", flat=True)) == set(CaseState.values)
    for level in ("green", "yellow", "red"):
        assert cases.at_level(level).exists(), level
    assert cases.values("department").distinct().count() >= 5
    # One event per transition, none skipped; the case was last changed at its last event.
    counted = cases.annotate(n=Count("events"), last=Max("events__at"))
    assert not counted.exclude(n=F("last_event_seq")).exists()
    assert not counted.exclude(updated_at=F("last")).exists()
    assert CaseEvent.objects.filter(action="deem-accepted", actor__isnull=True).exists()
    # Nothing happened after the seed: no event, push or acceptance in the future.
    assert not CaseEvent.objects.filter(at__gt=now).exists()
    assert not cases.filter(dispatched_at__gt=now).exists() and not cases.filter(accepted_at__gt=now).exists()
    span = cases.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert started - timedelta(days=93) <= span["first"] <= started - timedelta(days=75)
    # A realistic mix: most delivered, a few refused/denied/withdrawn, some suspended, some online.
    assert cases.filter(state=CaseState.DELIVERED).count() > total / 2
    for state in (CaseState.NOT_ACCEPTED, CaseState.WITHDRAWN):
        assert 0 < cases.filter(state=state).count() < total / 10, state
    assert cases.filter(outcome="denied").exists() and cases.filter(suspensions__isnull=False).exists()
    assert total / 10 <= cases.filter(channel="online").count() <= total / 3
    # Office hours of working days (the cases dispatched at seed time excepted), with two peaks.
    # The replayed history only: other apps' demos (chains, projects) also apply "now", at
    # whatever hour the seed runs.
    morning = afternoon = 0
    history = cases.exclude(state=CaseState.DISPATCHED).filter(created_at__lt=started - timedelta(hours=12))
    for created in history.values_list("created_at", flat=True):
        local = timezone.localtime(created)
        assert clock.is_workday(local.date()), local
        assert time(9) <= local.time() < time(12) or time(13, 30) <= local.time() < time(17, 30), local
        if local.time() < time(12):
            morning += 1
        else:
            afternoon += 1
    assert morning > afternoon > total / 5
