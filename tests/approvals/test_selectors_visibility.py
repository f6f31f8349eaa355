"""Who sees which case (DESIGN.md §7); invisible is 404."""

import pytest
from django.http import Http404

from approvals.selectors import case_get_visible, case_list, cases_visible_to
from hall.constants import Role
from tests.factories import Cast, make_applicant_user, make_case, make_item, make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(dept, other_dept):
    mine, theirs = Cast(dept), Cast(other_dept)
    owner = make_applicant_user()
    cases = {
        "mine_received": make_case(state="received", item=make_item(department=dept), cast=mine),
        "mine_ready": make_case(state="ready", item=make_item(department=dept), cast=mine),
        "theirs_review": make_case(state="in_review", item=make_item(department=other_dept), cast=theirs),
        "online_draft": make_case(state="draft", item=make_item(department=dept), cast=mine, applicant=owner),
    }
    return mine, theirs, owner, cases


def _visible(user, cases):
    ids = set(cases_visible_to(user).values_list("pk", flat=True))
    return {name for name, case in cases.items() if case.pk in ids}


def test_visibility_per_role(world, dept):
    mine, theirs, owner, cases = world
    everything = set(cases)
    assert _visible(make_staff(role=Role.SUPERVISOR), cases) == everything
    assert _visible(make_staff(role=Role.HALL_ADMIN), cases) == everything
    assert _visible(mine.reviewer, cases) == {"mine_received", "mine_ready"}
    assert _visible(mine.chief, cases) == {"mine_received", "mine_ready"}
    assert _visible(theirs.reviewer, cases) == {"theirs_review"}
    # The comprehensive window handles every department, but not applicants' unsent drafts.
    assert _visible(mine.desk, cases) == {"mine_received", "mine_ready", "theirs_review"}
    assert _visible(mine.special, cases) == {"mine_received", "mine_ready"}
    assert _visible(mine.delivery, cases) == {"mine_ready"}
    assert _visible(owner, cases) == {"online_draft"}
    assert _visible(make_applicant_user(), cases) == set()
    assert _visible(make_user(), cases) == set()


def test_invisible_case_is_a_404(world):
    mine, theirs, owner, cases = world
    number = cases["theirs_review"].number
    assert case_get_visible(user=theirs.chief, number=number).pk == cases["theirs_review"].pk
    with pytest.raises(Http404):
        case_get_visible(user=mine.chief, number=number)
    with pytest.raises(Http404):
        case_get_visible(user=owner, number="NOPE-20260101-0001")


def test_case_list_filters(world, dept, django_assert_max_num_queries):
    mine, theirs, owner, cases = world
    supervisor = make_staff(role=Role.SUPERVISOR)
    assert {c.pk for c in case_list(user=supervisor, filters={"department": dept.pk})} == {
        cases["mine_received"].pk,
        cases["mine_ready"].pk,
        cases["online_draft"].pk,
    }
    assert [c.state for c in case_list(user=supervisor, filters={"state": "ready"})] == ["ready"]
    assert [c.level for c in case_list(user=supervisor, filters={"level": "green"})] == ["green"]
    assert {c.number for c in case_list(user=supervisor, filters={"item": cases["mine_ready"].item.code})} == {
        cases["mine_ready"].number
    }
    assert list(case_list(user=supervisor, filters={"overdue": True})) == []
    with django_assert_max_num_queries(2):
        rows = [
            (c.item.name, c.department.name, c.window and c.window.number, c.level) for c in case_list(user=supervisor)
        ]
    assert len(rows) == 4


def test_public_progress_needs_the_matching_query_code(item, cast):
    from approvals.selectors import case_public_progress

    case = make_case(state="dispatched", item=item, cast=cast)
    found = case_public_progress(number=case.number, query_code=case.query_code.lower())
    assert found.pk == case.pk
    assert [e.action for e in found.event_rows][-1] == "dispatch"
    assert (
        case_public_progress(number=case.number, query_code="ZZZZZZ" if case.query_code != "ZZZZZZ" else "YYYYYY")
        is None
    )


def test_case_list_date_range_in_beijing_days(item, cast):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    import time_machine

    supervisor = make_staff(role=Role.SUPERVISOR)
    # 23:30 UTC on 1 March is 07:30 on 2 March in Beijing.
    with time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        march_2 = make_case(state="received", item=item, cast=cast)
    with time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        make_case(state="received", item=item, cast=cast)
    rows = case_list(user=supervisor, filters={"created_from": date(2026, 3, 2), "created_to": date(2026, 3, 2)})
    assert [c.pk for c in rows] == [march_2.pk]
