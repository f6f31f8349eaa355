"""督办 from the pages: the supervisor's form on the case page, the board's link, the inbox marker."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.constants import Action
from hall.constants import Role
from supervision.models import Notification
from supervision.selectors import unread_notification_count
from tests.approvals.api_helpers import client_for
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    dept = make_department(code="scjg", name="市场监管局")
    cast = Cast(dept)
    cast.reviewer, cast.chief  # noqa: B018 - made before the urge
    return {
        "cast": cast,
        "item": make_item(department=dept, name="食品经营许可", promised_limit_days=1),
        "supervisor": make_staff(role=Role.SUPERVISOR),
    }


def _urge_url(case):
    return reverse("supervision:urge", kwargs={"number": case.number})


def test_supervisor_urges_from_the_case_page_and_the_reviewer_sees_it(client, world):
    cast = world["cast"]
    case = make_case(state="in_review", item=world["item"], cast=cast)
    before = unread_notification_count(user=cast.reviewer)
    client.force_login(world["supervisor"])
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert f'action="{_urge_url(case)}"' in page and 'name="note"' in page

    response = client.post(_urge_url(case), {"note": "群众投诉等待过久，请今日答复"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("approvals:case", kwargs={"number": case.number})
    body = response.content.decode()
    assert "已督办办件" in body
    assert "群众投诉等待过久，请今日答复" in body  # the timeline shows the urge note

    client.force_login(cast.reviewer)
    inbox = client.get(reverse("approvals:inbox")).content.decode()
    assert "wb-urged" in inbox and "已督办" in inbox and "群众投诉等待过久" in inbox
    assert unread_notification_count(user=cast.reviewer) == before + 1
    assert 'class="site-user__count">1<' in inbox  # the header bell counts it
    case_page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert "群众投诉等待过久，请今日答复" in case_page and 'id="urge"' not in case_page


def test_the_inbox_marks_urged_cases_without_a_query_per_row(client, world):
    cast = world["cast"]
    cases = [make_case(state="in_review", item=world["item"], cast=cast) for _ in range(3)]
    cases.append(make_case(state="dispatched", item=world["item"], cast=cast))
    client.force_login(cast.reviewer)
    client.get(reverse("approvals:inbox"))  # warm up the session and caches
    with CaptureQueriesContext(connection) as unurged:
        client.get(reverse("approvals:inbox"))
    for case in cases:
        client_for(world["supervisor"]).post(f"/api/v1/cases/{case.number}/urge/", {"note": "请加快"}, format="json")
    with CaptureQueriesContext(connection) as urged:
        inbox = client.get(reverse("approvals:inbox")).content.decode()
    assert inbox.count('class="badge wb-urged"') == 4

    # The marker rides on the list queries: urging adds no query per row. (The work calendar's
    # version check runs every few seconds whatever the page, and the idle-timeout stamp saves
    # the session once a minute whatever the page: both are left out of the count.)
    def page_queries(captured):
        return [
            q
            for q in captured.captured_queries
            if "catalog_calendarday" not in q["sql"]
            and "django_session" not in q["sql"]
            and "SAVEPOINT" not in q["sql"]
        ]

    assert len(page_queries(urged)) <= len(page_queries(unurged))


def test_a_reviewer_cannot_urge(client, world):
    cast = world["cast"]
    case = make_case(state="in_review", item=world["item"], cast=cast)
    client.force_login(cast.reviewer)
    assert client.post(_urge_url(case), {"note": "自己督办自己"}).status_code == 403
    assert not case.events.filter(action=Action.URGE).exists() and not Notification.objects.exists()


def test_errors_show_in_chinese_on_the_case_page(client, world):
    cast = world["cast"]
    case = make_case(state="in_review", item=world["item"], cast=cast)
    client.force_login(world["supervisor"])
    response = client.post(_urge_url(case), {"note": "  "})
    assert response.status_code == 400 and "督办必须填写督办意见" in response.content.decode()
    done = make_case(state="ready", item=world["item"], cast=cast)
    response = client.post(_urge_url(done), {"note": "请加快"})
    assert response.status_code == 409 and "只能督办已推送、审查中或中止计时的办件" in response.content.decode()
    page = client.get(reverse("approvals:case", kwargs={"number": done.number})).content.decode()
    assert 'id="urge"' not in page  # no form where urging is not possible


def test_the_board_overdue_list_links_to_the_urge_form(client, world):
    with time_machine.travel(timezone.now() - timedelta(days=20), tick=False):
        case = make_case(state="in_review", item=world["item"], cast=world["cast"])
    client.force_login(world["supervisor"])
    board = client.get(reverse("supervision:board")).content.decode()
    assert reverse("approvals:case", kwargs={"number": case.number}) + "#urge" in board


def test_api_urge_is_for_supervisors_and_notifies(world):
    cast = world["cast"]
    case = make_case(state="dispatched", item=world["item"], cast=cast)
    url = f"/api/v1/cases/{case.number}/urge/"
    response = client_for(world["supervisor"]).post(url, {"note": "请及时确认受理"}, format="json")
    assert response.status_code == 200 and response.data["number"] == case.number
    assert response.data["state"] == "dispatched"  # an action answers compactly; the timeline is at GET
    timeline = client_for(world["supervisor"]).get(f"/api/v1/cases/{case.number}/").data["timeline"]
    urges = [e for e in timeline if e["action"] == "urge"]
    assert len(urges) == 1 and urges[0]["note"] == "请及时确认受理"
    assert Notification.objects.filter(case=case, kind="urge").count() == 2

    assert client_for(cast.reviewer).post(url, {"note": "x"}, format="json").status_code == 403
    response = client_for(world["supervisor"]).post(url, {"note": ""}, format="json")
    assert response.status_code == 400 and "note" in response.data
    assert Notification.objects.filter(case=case, kind="urge").count() == 2


def test_api_schema_documents_the_urge_endpoint(world):
    schema = client_for(world["supervisor"]).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/cases/{number}/urge/"]["post"]
    assert operation["operationId"] == "cases_urge"
