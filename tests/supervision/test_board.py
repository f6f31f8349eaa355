"""The supervisor board: level counts in grouped SQL, the overdue list, today's volumes."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from approvals.services.publishing import deliver_all_pending
from hall.constants import Role
from supervision import board_selectors as board
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    dept = make_department(code="scjg", name="市场监管局")
    other = make_department(code="wjw", name="卫生健康委")
    item = make_item(department=dept, name="食品经营许可", promised_limit_days=5)
    other_item = make_item(department=other, name="公共场所卫生许可", promised_limit_days=10)
    cast, other_cast = Cast(dept), Cast(other)
    return {
        "dept": dept,
        "other": other,
        "item": item,
        "running": [make_case(state="in_review", item=item, cast=cast) for _ in range(2)],
        "other_running": make_case(state="in_review", item=other_item, cast=other_cast),
        "suspended": make_case(state="suspended", item=item, cast=cast),
    }


def test_counts_by_department_and_item_are_two_queries_each(world, django_assert_num_queries):
    # The counts grouped by id only (index-only over the running cases), then the names shown.
    with django_assert_num_queries(2):
        rows = board.level_counts_by_department()
    by_name = {r["department__name"]: r for r in rows}
    assert by_name["市场监管局"]["green"] == 2 and by_name["市场监管局"]["suspended"] == 1
    assert by_name["卫生健康委"]["green"] == 1
    with django_assert_num_queries(2):
        items = board.level_counts_by_item()
    assert {r["item__name"]: r["total"] for r in items} == {"食品经营许可": 3, "公共场所卫生许可": 1}


def test_levels_turn_yellow_then_red_with_days_overdue_and_holder(world):
    case = world["running"][0]
    case.refresh_from_db()
    with time_machine.travel(case.warn_at + timedelta(minutes=1)):
        rows = {r["department__name"]: r for r in board.level_counts_by_department()}
        assert rows["市场监管局"]["yellow"] == 2
    with time_machine.travel(case.deadline_at + timedelta(days=2)):
        rows = {r["department__name"]: r for r in board.level_counts_by_department()}
        assert rows["市场监管局"]["red"] == 2 and rows["卫生健康委"]["red"] == 0
        overdue = board.overdue_cases()
        assert {r.case.number for r in overdue} == {c.number for c in world["running"]}
        assert all(r.days_overdue >= 1 for r in overdue)
        assert overdue[0].holder.startswith("市场监管局 · ")


def test_todays_volumes_count_events_of_today(world):
    deliver_all_pending()  # the volumes are kept by a case-event subscriber
    volumes = board.todays_volumes()
    # 4 cases registered, accepted (acknowledged) today; none decided or delivered yet.
    assert volumes == {"received": 4, "accepted": 4, "decided": 0, "delivered": 0}
    tomorrow = timezone.now() + timedelta(days=1)
    with time_machine.travel(tomorrow):
        assert board.todays_volumes() == {"received": 0, "accepted": 0, "decided": 0, "delivered": 0}


def test_board_page_for_supervisors_with_drill_down(client, world):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    page = client.get(reverse("supervision:board")).content.decode()
    assert "督查看板" in page and "市场监管局" in page and "今日办件量" in page
    assert "绿灯" in page and "●" in page  # the colour never comes alone
    drill = client.get(reverse("supervision:board-cases"), {"department": world["dept"].pk, "level": "green"})
    assert drill.status_code == 200
    body = drill.content.decode()
    assert all(c.number in body for c in world["running"])
    assert world["other_running"].number not in body


def test_board_is_closed_to_window_clerks(client, world):
    client.force_login(make_staff(role=Role.FRONT_DESK))
    assert client.get(reverse("supervision:board")).status_code == 403
