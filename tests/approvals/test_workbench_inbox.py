"""Department inbox: the dispatched queue with countdowns, in-review by urgency, decided to issue."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.services import case_advance, case_decide, case_suspend
from tests.factories import make_case, make_item

pytestmark = pytest.mark.django_db


def test_dispatched_cases_show_a_countdown_and_one_click_acknowledge(client, cast, item):
    case = make_case(state="dispatched", item=item, cast=cast)
    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert case.number in page
    assert "剩余 " in page and "视为同意" in page
    ack = reverse("approvals:case-action", kwargs={"number": case.number, "action": "acknowledge"})
    response = client.post(ack, {"next": reverse("approvals:inbox")})
    assert response["Location"] == reverse("approvals:inbox")
    case.refresh_from_db()
    assert case.state == "in_review"


def test_the_dispatched_part_refreshes_alone_for_htmx(client, cast, item):
    case = make_case(state="dispatched", item=item, cast=cast)
    client.force_login(cast.reviewer)
    response = client.get(reverse("approvals:inbox"), {"part": "dispatched"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert case.number in body and "<html" not in body


def test_in_review_sorted_by_urgency_with_level_remaining_days_and_step(client, cast, dept):
    slow = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=15), cast=cast)
    fast = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=3), cast=cast)
    paused = make_case(state="in_review", item=make_item(department=dept, promised_limit_days=1), cast=cast)
    case_suspend(case=paused, kind="inspection", reason="现场核查", by=cast.reviewer)
    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert page.index(fast.number) < page.index(slow.number) < page.index(paused.number)
    assert "剩 3 个工作日" in page and "剩 15 个工作日" in page
    assert "level--green" in page and "绿灯" in page
    assert "受理" in page  # the first review step
    fast.refresh_from_db()
    with time_machine.travel(fast.deadline_at + timedelta(days=1)):
        client.force_login(cast.reviewer)  # the session would have expired by then
        page = client.get(reverse("approvals:inbox")).content.decode()
        assert "红灯" in page and "超期" in page


def test_decided_cases_wait_for_issue(client, cast, item):
    case = make_case(state="in_review", item=item, cast=cast)
    while case.has_next_step():
        case = case_advance(case=case, by=cast.reviewer)
    case_decide(case=case, outcome="granted", by=cast.chief)
    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert "待制证/待出证" in page and case.number in page
    case_page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert 'id="action-issue" open' in case_page


def test_reviewer_at_the_decision_step_is_told_the_chief_decides(client, cast, item):
    case = make_case(state="in_review", item=item, cast=cast)
    while case.has_next_step():
        case = case_advance(case=case, by=cast.reviewer)
    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert "待首席代表作出准予或不予许可的决定" in page


def test_inbox_query_count_does_not_grow_with_cases(client, cast, item):
    """A budget per page, constant in the rows shown: the panels other apps add (conversation
    unread counts, confirmations waiting, key-account flags) cost one query each, not one per row."""
    client.force_login(cast.reviewer)

    def page_queries():
        client.get(reverse("approvals:inbox"))  # warm the session and the calendar cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("approvals:inbox")).status_code == 200
        return [
            q for q in captured.captured_queries if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]

    make_case(state="in_review", item=item, cast=cast)
    make_case(state="dispatched", item=item, cast=cast)
    few = page_queries()
    for _ in range(4):
        make_case(state="in_review", item=item, cast=cast)
        make_case(state="dispatched", item=item, cast=cast)
    many = page_queries()
    assert len(many) == len(few)
    assert len(many) <= 16
