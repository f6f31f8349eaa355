"""项目管家 and the 一卡通 card: count-back on the working-day calendar, node state from cases,
red nodes and 挂牌督办 reaching the department, the ledger and the quarterly report."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from catalog import clock
from hall import clock as hall_clock
from hall.constants import Role
from projects import selectors, services
from projects.clock import working_days_before
from projects.constants import NodeKind, NodeState, NoticeKind
from projects.models import Notice
from projects.services import ProjectsConflict
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


def make_project(*, by, steward, planned_start=None, amount="5000", lead=None):
    return services.project_create(
        name="年产10万吨新材料项目",
        investor="示范新材料有限公司",
        amount=amount,
        location="经济开发区",
        planned_start=planned_start or hall_clock.localdate() + timedelta(days=90),
        category="industrial",
        steward=steward,
        lead=lead,
        by=by,
    )


@pytest.fixture
def steward(db):
    return make_staff(role=Role.HALL_ADMIN)


def test_working_days_counted_back_skip_weekends_and_holidays():
    monday = date(2026, 6, 8)
    assert working_days_before(monday, 1) == date(2026, 6, 5)
    assert working_days_before(monday, 5) == date(2026, 6, 1)
    # across the National Day holiday: each step back lands on a working day of the hall's calendar
    start = date(2026, 10, 12)
    assert clock.is_workday(start)
    for n in (1, 3, 8, 15):
        target = working_days_before(start, n)
        assert clock.is_workday(target)
        assert clock.working_days_between(target, start) == n
    assert working_days_before(start, 8) < date(2026, 10, 1)


def test_major_project_needs_a_leading_official(hall_admin, steward):
    with pytest.raises(ValidationError) as exc:
        make_project(by=hall_admin, steward=steward, amount="20000")
    assert "lead" in exc.value.message_dict
    lead = make_staff(role=Role.SUPERVISOR)
    project = make_project(by=hall_admin, steward=steward, amount="20000", lead=lead)
    assert project.lead == lead
    with pytest.raises(PermissionDenied):
        make_project(by=make_staff(role=Role.FRONT_DESK), steward=steward)


def test_node_target_stored_from_the_planned_start(hall_admin, steward):
    project = make_project(by=hall_admin, steward=steward, planned_start=date(2026, 6, 8))
    dept = make_department(name="自然资源局")
    node = services.node_add(
        project=project, kind=NodeKind.TASK, task_name="土地招拍挂", department=dept, days_before_start=5, by=steward
    )
    assert node.target_date == date(2026, 6, 1)
    assert node.target_at == clock.close_of_day(date(2026, 6, 1))
    assert node.warn_at < node.target_at
    with pytest.raises(ValidationError):
        services.node_add(
            project=project, kind=NodeKind.TASK, task_name="", department=dept, days_before_start=-1, by=steward
        )


def test_red_node_urged_reaches_the_department(hall_admin, steward, supervisor):
    dept = make_department(name="住建局")
    reviewer = make_staff(role=Role.REVIEWER, department=dept)
    chief = make_staff(role=Role.CHIEF, department=dept)
    other_reviewer = make_staff(role=Role.REVIEWER, department=make_department())
    project = make_project(by=hall_admin, steward=steward, planned_start=hall_clock.localdate() + timedelta(days=3))
    late = services.node_add(
        project=project, kind=NodeKind.TASK, task_name="施工图审查", department=dept, days_before_start=30, by=steward
    )
    far = services.node_add(
        project=project, kind=NodeKind.TASK, task_name="消防设计审查", department=dept, days_before_start=0, by=steward
    )
    assert late.level == "red"
    assert far.level in ("yellow", "green")
    with pytest.raises(ProjectsConflict):
        services.node_urge(node=far, note="请加快", by=supervisor)
    with pytest.raises(PermissionDenied):
        services.node_urge(node=late, note="请加快", by=steward)
    services.node_urge(node=late, note="请三日内完成审查", by=supervisor)
    with pytest.raises(ProjectsConflict):
        services.node_urge(node=late, note="再次督办", by=supervisor)
    notices = Notice.objects.filter(kind=NoticeKind.NODE_URGE)
    assert set(notices.values_list("user_id", flat=True)) == {reviewer.pk, chief.pk}
    assert [n.pk for n in selectors.department_urged_nodes(user=reviewer)] == [late.pk]
    assert selectors.department_urged_nodes(user=other_reviewer) == []
    # the department's staff see the project; another department's do not
    assert selectors.project_get(user=reviewer, pk=project.pk) == project
    with pytest.raises(Http404):
        selectors.project_get(user=other_reviewer, pk=project.pk)
    # done lifts the urge
    services.node_mark_done(node=late, by=reviewer)
    assert selectors.department_urged_nodes(user=reviewer) == []
    board = selectors.board(user=supervisor)
    assert board["total"] == 1 and board["overdue"] == []


def test_node_follows_its_linked_case(hall_admin, steward):
    item = make_item(materials=1, steps=())
    cast = Cast(item.department)
    project = make_project(by=hall_admin, steward=steward)
    node = services.node_add(project=project, kind=NodeKind.ITEM, item=item, days_before_start=10, by=steward)
    assert node.department == item.department
    case = make_case(state="in_review", item=item, cast=cast)
    with pytest.raises(ValidationError):
        services.node_link_case(node=node, case=make_case(state="received"), by=steward)
    node = services.node_link_case(node=node, case=case, by=steward)
    assert node.state == NodeState.IN_PROGRESS
    from approvals import services as case_services
    from approvals.services.publishing import deliver_all_pending

    case_services.case_decide(case=case, outcome="granted", reason="符合条件", by=cast.chief)
    deliver_all_pending()
    node.refresh_from_db()
    assert node.state == NodeState.DONE and node.on_time
    report = selectors.quarterly_report(project=project, quarter=selectors.current_quarter())
    assert node in report["finished_in_quarter"]


def test_ledger_and_quarter_parsing(hall_admin, steward):
    project = make_project(by=hall_admin, steward=steward)
    entry = services.ledger_add(
        project=project, kind="problem", happened_on=hall_clock.localdate(), summary="施工用电未接入", by=steward
    )
    services.ledger_solve(entry=entry, solution="供电公司已接入", by=steward)
    with pytest.raises(ProjectsConflict):
        services.ledger_solve(entry=entry, solution="again", by=steward)
    assert selectors.ledger_figures(project=project)["solved"] == 1
    with pytest.raises(ValueError, match="季度"):
        selectors.quarter_bounds("2026-4")
    assert selectors.quarter_bounds("2026Q4") == (date(2026, 10, 1), date(2026, 12, 31))
