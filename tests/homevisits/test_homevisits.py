from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from approvals.constants import Action, MaterialStatus
from approvals.models import CaseEvent
from hall.constants import Role
from homevisits import services, tasks
from homevisits.models import HomeVisit
from homevisits.selectors import visits_visible_to
from supervision.models import Notification
from tests.factories import Cast, applicant_data, make_applicant_user, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
# A Monday in an ordinary working week.
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=BEIJING)


@pytest.fixture
def dept(db):
    return make_department(code="cjl", name="残联")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def item(dept):
    return make_item(department=dept, name="残疾人证换领", materials=2)


def ask(by, item, **extra):
    data = {"address": "示范县幸福里3栋2单元101", "preferred_times": "工作日上午", "reason": "disabled"}
    data.update(extra)
    return services.visit_request(by=by, item=item, **data)


def test_portal_request_has_a_stored_clock_on_working_days(item, settings):
    settings.HALL_HOMEVISIT_DAYS, settings.HALL_HOMEVISIT_WARN_DAYS = 3, 1
    applicant = make_applicant_user()
    with time_machine.travel(MONDAY, tick=False):
        visit = ask(applicant, item)
        assert visit.channel == "portal" and visit.applicant_user == applicant
        assert visit.due_at.astimezone(BEIJING).date().isoformat() == "2026-11-26"  # Thursday
        assert visit.warn_at.astimezone(BEIJING).date().isoformat() == "2026-11-25"
        assert visits_visible_to(applicant).get().level == "green"
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=BEIJING), tick=False):
        assert visits_visible_to(applicant).get().level == "yellow"
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=BEIJING), tick=False):
        assert visits_visible_to(applicant).get().level == "red"


def test_phone_request_at_the_desk_is_validated(item, cast):
    with pytest.raises(ValidationError) as exc:
        ask(cast.desk, item, applicant=applicant_data(id_number="123"), address="")
    assert "address" in exc.value.message_dict
    visit = ask(cast.desk, item, applicant=applicant_data(name="王奶奶"), reason="elderly")
    assert visit.channel == "phone" and visit.applicant_name == "王奶奶"
    with pytest.raises(PermissionDenied):
        ask(cast.reviewer, item, applicant=applicant_data())


def test_assign_and_take_in_on_site(item, cast):
    visit = ask(cast.desk, item, applicant=applicant_data(name="李大爷"), reason="elderly")
    with pytest.raises(ValidationError):
        services.visit_assign(visit=visit, by=cast.desk, staff=cast.reviewer)
    goer = make_staff(role=Role.FRONT_DESK)
    visit = services.visit_assign(visit=visit, by=cast.desk, staff=goer)
    with pytest.raises(PermissionDenied):
        services.visit_take_in(visit=visit, by=cast.desk, materials=[])
    first = item.materials.order_by("position").first()
    visit = services.visit_take_in(visit=visit, by=goer, materials=[first.pk], note="在家中核验原件")
    case = visit.case
    assert visit.status == "done" and case.applicant_name == "李大爷" and case.received_by == goer
    received = case.materials.get(requirement_id=first.pk)
    assert received.status == MaterialStatus.RECEIVED and received.paper_originals == 1
    event = CaseEvent.objects.get(case=case, action=Action.RECORD_MATERIAL)
    assert "上门收取" in event.note and visit.number in event.note
    with pytest.raises(ValidationError):
        services.visit_take_in(visit=visit, by=goer, materials=[])


def test_overdue_notice_once_by_task_or_sweep(item, cast):
    goer = make_staff(role=Role.FRONT_DESK)
    with time_machine.travel(MONDAY, tick=False):
        visit = ask(cast.desk, item, applicant=applicant_data())
        services.visit_assign(visit=visit, by=cast.desk, staff=goer)
        assert tasks.notify_overdue(visit.pk) is False  # not due yet: nothing
        assert services.visits_sweep_overdue() == 0
    late = visit.due_at + timedelta(minutes=1)
    with time_machine.travel(late, tick=False):
        assert services.visits_sweep_overdue() == 1
        assert tasks.notify_overdue(visit.pk) is False
        assert services.visits_sweep_overdue() == 0
    notes = Notification.objects.filter(user=goer)
    assert notes.count() == 1 and "已超过上门期限" in notes.get().message


def test_a_visit_taken_in_gets_no_overdue_notice(item, cast):
    goer = make_staff(role=Role.FRONT_DESK)
    visit = ask(cast.desk, item, applicant=applicant_data())
    services.visit_assign(visit=visit, by=cast.desk, staff=goer)
    services.visit_take_in(visit=visit, by=goer, materials=[])
    assert services.visit_notify_overdue(visit_id=visit.pk, now=visit.due_at + timedelta(days=1)) is False


def test_the_request_enqueues_the_due_task_on_commit(item, cast, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.notify_overdue, "apply_async", lambda args, countdown: sent.append((args, countdown)))
    with django_capture_on_commit_callbacks(execute=True):
        visit = ask(cast.desk, item, applicant=applicant_data())
    assert sent and sent[0][0] == [visit.pk] and sent[0][1] > 0


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_api_and_scoping(item, cast):
    applicant = make_applicant_user()
    made = api(applicant).post(
        "/api/v1/home-visits/",
        {"item": item.code, "address": "幸福里1号", "preferred_times": "周三下午", "reason": "disabled"},
        format="json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    goer = make_staff(role=Role.FRONT_DESK)
    assigned = api(cast.desk).post(f"/api/v1/home-visits/{pk}/assign/", {"staff": goer.username}, format="json")
    assert assigned.status_code == 200 and assigned.json()["status"] == "assigned"
    taken = api(goer).post(f"/api/v1/home-visits/{pk}/take-in/", {"materials": []}, format="json")
    assert taken.status_code == 200 and taken.json()["case"]
    assert api(applicant).get(f"/api/v1/home-visits/{pk}/").status_code == 200
    other_dept = make_staff(role=Role.REVIEWER, department=make_department())
    for user in (other_dept, make_applicant_user()):
        assert api(user).get(f"/api/v1/home-visits/{pk}/").status_code == 404
        assert (
            api(user).post(f"/api/v1/home-visits/{pk}/assign/", {"staff": goer.username}, format="json").status_code
            == 404
        )
        assert api(user).get("/api/v1/home-visits/").json()["count"] == 0
    assert api().get(f"/api/v1/home-visits/{pk}/").status_code in (401, 403)
    assert api(cast.reviewer).get(f"/api/v1/home-visits/{pk}/").status_code == 200


def test_pages(item, cast, client):
    assert client.get("/workbench/home-visits/").status_code == 302
    applicant = make_applicant_user()
    client.force_login(applicant)
    response = client.post(
        "/online/home-visits/",
        {"item": item.pk, "address": "幸福里2号", "preferred_times": "上午", "reason": "elderly"},
    )
    assert response.status_code == 302
    visit = HomeVisit.objects.get()
    assert visit.number in client.get("/online/home-visits/").content.decode()
    assert client.get(f"/workbench/home-visits/{visit.pk}/").status_code == 403
    client.force_login(cast.desk)
    assert visit.number in client.get("/workbench/home-visits/").content.decode()
    page = client.get(f"/workbench/home-visits/{visit.pk}/").content.decode()
    assert "确认派单" in page
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(f"/workbench/home-visits/{visit.pk}/").status_code == 404
