"""电子监察: rules raise findings once from events and stored due times; unexplained findings
become yellow and then red cards on the working-day clock; explanation and review."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from catalog import clock
from hall.constants import Role
from supervision.models import CaseWatch, DepartmentWeek, Finding, Notification
from supervision.monitoring import (
    department_weeks_record,
    finding_explain,
    finding_review,
    monitoring_sweep,
)
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def cast(dept):
    return Cast(dept)


def _next_working_close(moment, days):
    return clock.close_of_day(clock.add_working_days(timezone.localdate(moment), days))


def test_a_case_left_over_its_limit_gets_a_warning_then_a_yellow_then_a_red_card(dept, cast, time_machine):
    case = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=2), cast=cast)
    deliver_all_pending()
    watch = CaseWatch.objects.get(case=case)
    assert watch.deadline_at == case.deadline_at and watch.last_actor_id == cast.chief.pk

    time_machine.move_to(case.deadline_at - timedelta(minutes=1))
    monitoring_sweep()
    assert not Finding.objects.filter(rule="over_promised_limit").exists()

    time_machine.move_to(case.deadline_at + timedelta(minutes=1))
    monitoring_sweep()
    finding = Finding.objects.get(rule="over_promised_limit", case=case)
    assert finding.level == "warning" and finding.status == "open" and finding.staff_id == cast.chief.pk
    assert finding.escalate_at == _next_working_close(timezone.now(), 1)
    assert Notification.objects.filter(user=cast.chief, kind="monitor").count() == 1
    monitoring_sweep()  # a second sweep raises nothing more
    assert Finding.objects.filter(rule="over_promised_limit", case=case).count() == 1

    time_machine.move_to(finding.escalate_at + timedelta(seconds=1))
    assert monitoring_sweep()["escalated"] == 1
    finding.refresh_from_db()
    assert finding.level == "yellow"
    time_machine.move_to(finding.escalate_at + timedelta(seconds=1))
    monitoring_sweep()
    finding.refresh_from_db()
    assert finding.level == "red" and finding.escalate_at is None
    assert monitoring_sweep()["escalated"] == 0  # red is the last card

    # The department explains; the supervisor accepts: the card is withdrawn.
    finding_explain(finding=finding, text="专家评审延期，已补办中止手续。", by=cast.chief)
    finding.refresh_from_db()
    assert finding.status == "explained"
    supervisor = make_staff(role=Role.SUPERVISOR)
    finding_review(finding=finding, accept=True, note="", by=supervisor)
    finding.refresh_from_db()
    assert finding.status == "accepted" and finding.reviewed_by == supervisor


def test_an_explanation_stops_the_escalation(dept, cast, time_machine):
    case = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=1), cast=cast)
    deliver_all_pending()
    time_machine.move_to(case.deadline_at + timedelta(minutes=1))
    monitoring_sweep()
    finding = Finding.objects.get(rule="over_promised_limit", case=case)
    finding_explain(finding=finding, text="申请人要求延期现场核查。", by=cast.reviewer)
    time_machine.move_to(timezone.now() + timedelta(days=10))
    monitoring_sweep()
    finding.refresh_from_db()
    assert finding.level == "warning" and finding.status == "explained"


def test_only_the_department_explains_and_only_a_supervisor_reviews(dept, cast, time_machine):
    case = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=1), cast=cast)
    deliver_all_pending()
    time_machine.move_to(case.deadline_at + timedelta(minutes=1))
    monitoring_sweep()
    finding = Finding.objects.get(rule="over_promised_limit", case=case)
    other = make_staff(role=Role.CHIEF, department=make_department(code="wjw"))
    with pytest.raises(PermissionDenied):
        finding_explain(finding=finding, text="不是我们的", by=other)
    with pytest.raises(ValidationError):
        finding_explain(finding=finding, text="  ", by=cast.chief)
    finding_explain(finding=finding, text="已处理", by=cast.chief)
    with pytest.raises(PermissionDenied):
        finding_review(finding=finding, accept=True, note="", by=cast.chief)
    with pytest.raises(ValidationError):
        finding_review(finding=finding, accept=False, note="", by=make_staff(role=Role.SUPERVISOR))
    finding_review(finding=finding, accept=False, note="说明不成立", by=make_staff(role=Role.SUPERVISOR))
    finding.refresh_from_db()
    assert finding.status == "upheld"


def test_a_step_over_its_own_limit_and_an_untouched_case(dept, cast, time_machine):
    item = make_item(department=dept, promised_limit_days=20, legal_limit_days=20)
    step = item.steps.order_by("position").first()
    step.limit_days = 1
    step.save()  # the case's item version is taken when the case is created, below
    case = make_case(state="in_review", item=item, cast=cast)
    deliver_all_pending()
    watch = CaseWatch.objects.get(case=case)
    assert watch.step == step.position and watch.step_due_at == _next_working_close(case.accepted_at, 1)
    assert watch.untouched_due_at == _next_working_close(case.accepted_at, 3)
    time_machine.move_to(timezone.now() + timedelta(days=12))
    monitoring_sweep()
    rules = set(Finding.objects.filter(case=case).values_list("rule", flat=True))
    assert rules == {"untouched", "step_over_limit"}
    # Moving on to the next step resets the clocks of the watch.
    s.case_advance(case=case, by=cast.reviewer)
    deliver_all_pending()
    watch.refresh_from_db()
    assert watch.untouched_due_at == _next_working_close(timezone.now(), 3) and watch.step == step.position + 1


def test_refusal_with_a_token_reason_and_a_missed_window_raise_findings(dept, cast, settings, time_machine):
    refused = make_case(state="received", item=make_item(department=dept), cast=cast)
    s.case_refuse(case=refused, reason="不符合", by=cast.desk)
    settings.HALL_AUTO_ACCEPT_SECONDS = 600
    dispatched = make_case(state="dispatched", item=make_item(department=dept), cast=cast)
    time_machine.move_to(dispatched.auto_accept_at + timedelta(seconds=1))
    assert s.case_deem_accepted(case_id=dispatched.pk)
    deliver_all_pending()
    refusal = Finding.objects.get(rule="refusal_without_reason")
    assert refusal.case == refused and refusal.staff == cast.desk and "不符合" in refusal.detail
    assert Finding.objects.get(rule="window_missed").case == dispatched
    deliver_all_pending()
    assert Finding.objects.count() == 2


def test_a_decided_case_is_no_longer_watched(dept, cast):
    make_case(state="granted", item=make_item(department=dept), cast=cast)
    deliver_all_pending()
    assert not CaseWatch.objects.exists()


def test_weekly_standing_is_red_with_a_red_card_and_green_otherwise(dept, cast, time_machine):
    make_department(code="wjw", name="卫生健康委")
    case = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=1), cast=cast)
    deliver_all_pending()
    time_machine.move_to(case.deadline_at + timedelta(minutes=1))
    monitoring_sweep()
    finding = Finding.objects.get(rule="over_promised_limit")
    for _ in range(2):
        time_machine.move_to(finding.escalate_at + timedelta(seconds=1))
        monitoring_sweep()
        finding.refresh_from_db()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    department_weeks_record(week_start=monday)
    if finding.raised_at.date() >= monday:
        assert DepartmentWeek.objects.get(department=dept, week_start=monday).colour == "red"
    assert DepartmentWeek.objects.get(department__code="wjw", week_start=monday).colour == "green"


def test_findings_pages_are_scoped(client, dept, cast, time_machine):
    case = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=1), cast=cast)
    deliver_all_pending()
    time_machine.move_to(case.deadline_at + timedelta(minutes=1))
    monitoring_sweep()
    finding = Finding.objects.get(rule="over_promised_limit")
    client.force_login(make_staff(role=Role.SUPERVISOR))
    page = client.get("/board/monitor/")
    assert page.status_code == 200 and case.number in page.content.decode()
    assert "本月亮牌统计" in page.content.decode()
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department(code="wjw")))
    assert case.number not in client.get("/board/monitor/").content.decode()
    assert client.get(f"/board/monitor/{finding.pk}/").status_code == 404
    assert client.get("/board/monitor/not-a-number/").status_code == 404
    client.force_login(cast.chief)
    detail = client.get(f"/board/monitor/{finding.pk}/").content.decode()
    assert "提交情况说明" in detail
    response = client.post(f"/board/monitor/{finding.pk}/act/", {"act": "explain", "explanation": "已加快办理"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "explained"
    client.logout()
    assert client.get("/board/monitor/").status_code == 302


def test_findings_over_rest(client, dept, cast, time_machine):
    case = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=1), cast=cast)
    deliver_all_pending()
    time_machine.move_to(case.deadline_at + timedelta(minutes=1))
    monitoring_sweep()
    finding = Finding.objects.get(rule="over_promised_limit")
    client.force_login(cast.reviewer)
    listed = client.get("/api/v1/monitoring/findings/", {"level": "warning"}).json()
    assert listed["count"] == 1 and listed["results"][0]["case"] == case.number
    assert client.get("/api/v1/monitoring/findings/", {"level": "purple"}).status_code == 400
    bad = client.post(
        f"/api/v1/monitoring/findings/{finding.pk}/explain/", {"explanation": " "}, content_type="application/json"
    )
    assert bad.status_code == 400 and "explanation" in bad.json()
    done = client.post(
        f"/api/v1/monitoring/findings/{finding.pk}/explain/", {"explanation": "已加快"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "explained"
    assert (
        client.post(
            f"/api/v1/monitoring/findings/{finding.pk}/review/", {"accept": True}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(make_staff(role=Role.SUPERVISOR))
    reviewed = client.post(
        f"/api/v1/monitoring/findings/{finding.pk}/review/",
        {"accept": False, "note": "维持"},
        content_type="application/json",
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "upheld"
    assert client.get("/api/v1/monitoring/tallies/").json()[0]["warnings"] == 1
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department(code="wjw")))
    assert client.get("/api/v1/monitoring/findings/").json()["count"] == 0
    assert (
        client.post(
            f"/api/v1/monitoring/findings/{finding.pk}/explain/", {"explanation": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(make_staff(role=Role.FRONT_DESK))
    assert client.get("/api/v1/monitoring/findings/").status_code == 404


def test_a_finding_without_a_responsible_person_shows_on_the_pages(client, dept, cast, settings, time_machine):
    settings.HALL_AUTO_ACCEPT_SECONDS = 600
    dispatched = make_case(state="dispatched", item=make_item(department=dept), cast=cast)
    time_machine.move_to(dispatched.auto_accept_at + timedelta(seconds=1))
    s.case_deem_accepted(case_id=dispatched.pk)
    deliver_all_pending()
    finding = Finding.objects.get(rule="window_missed")
    assert finding.staff is None
    client.force_login(make_staff(role=Role.SUPERVISOR))
    listing = client.get("/board/monitor/")
    assert listing.status_code == 200 and dispatched.number in listing.content.decode()
    assert client.get(f"/board/monitor/{finding.pk}/").status_code == 200
