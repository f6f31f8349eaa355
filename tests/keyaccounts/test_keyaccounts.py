import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from approvals.constants import Action
from approvals.flags import flags_for
from approvals.models import CaseEvent
from approvals.services.publishing import deliver_all_pending
from hall.constants import Role, WindowKind
from keyaccounts import selectors, services
from keyaccounts.models import RoutedCase
from tests.factories import (
    Cast,
    applicant_data,
    credit_code,
    make_applicant_user,
    make_case,
    make_department,
    make_item,
    make_staff,
    make_window,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept(db):
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def item(dept):
    return make_item(department=dept, applicant_types=["organisation"], materials=1)


@pytest.fixture
def admin(db):
    return make_staff(role=Role.HALL_ADMIN)


@pytest.fixture
def room(db):
    return make_window(kind=WindowKind.COMPREHENSIVE, number="30")


@pytest.fixture
def code():
    return credit_code()


@pytest.fixture
def account(admin, room, code):
    return services.account_save(by=admin, name="示范重工有限公司", credit_code=code, window=room)


def company(code):
    return applicant_data(type="organisation", name="示范重工有限公司", id_number=code)


def test_only_the_hall_admin_marks_and_codes_are_checked(admin, room, cast, code):
    with pytest.raises(PermissionDenied):
        services.account_save(by=cast.desk, name="甲公司", credit_code=code)
    with pytest.raises(ValidationError) as exc:
        services.account_save(by=admin, name="甲公司", credit_code=code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert "校验位" in str(exc.value)
    services.account_save(by=admin, name="甲公司", credit_code=code, window=room)
    with pytest.raises(ValidationError, match="已登记"):
        services.account_save(by=admin, name="乙公司", credit_code=code.lower())


def test_the_case_is_flagged_on_lists_and_board_and_routed_to_the_dedicated_window(account, item, cast, client, room):
    case = make_case(item=item, cast=cast, applicant=company(account.credit_code))
    plain = make_case(item=item, cast=cast, applicant=company(credit_code()))
    assert [f.code for f in flags_for(case)] == ["key-account"] and flags_for(plain) == []
    client.force_login(cast.desk)
    desk = client.get("/workbench/desk/").content.decode()
    assert desk.count("case-flag--key-account") == 1
    client.force_login(make_staff(role=Role.SUPERVISOR))
    assert "case-flag--key-account" in client.get(f"/workbench/cases/{case.number}/").content.decode()
    deliver_all_pending()
    routed = RoutedCase.objects.get()
    assert routed.case == case and routed.window == room
    assert CaseEvent.objects.filter(case=case, action=Action.KEY_ACCOUNT_ROUTE, public=False).count() == 1
    deliver_all_pending()
    assert RoutedCase.objects.count() == 1
    room_clerk = make_staff(role=Role.FRONT_DESK, window=room)
    assert list(selectors.window_queue(user=room_clerk)) == [case]
    assert list(selectors.window_queue(user=cast.desk)) == []  # window 1 is not the 大户室
    client.force_login(room_clerk)
    page = client.get("/workbench/key-accounts/window/").content.decode()
    assert case.number in page and plain.number not in page


def test_board_list_flags(account, item, cast, client):
    from tests.factories import make_case as mk

    case = mk(state="in_review", item=item, cast=cast, applicant=company(account.credit_code))
    client.force_login(make_staff(role=Role.SUPERVISOR))
    page = client.get("/board/cases/").content.decode()
    assert case.number in page and "case-flag--key-account" in page


def test_follow_up_recorded_and_checked(account, item, cast, admin):
    case = make_case(item=item, cast=cast, applicant=company(account.credit_code))
    followup = services.followup_record(
        account=account, by=cast.desk, method="visit", summary="上门了解扩产审批需求", case=case
    )
    assert followup.case == case
    other = make_case(item=item, cast=cast, applicant=company(credit_code()))
    with pytest.raises(ValidationError):
        services.followup_record(account=account, by=cast.desk, method="phone", summary="回访", case=other)
    with pytest.raises(PermissionDenied):
        services.followup_record(account=account, by=cast.reviewer, method="phone", summary="回访")


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_api_and_scoping(account, admin, cast, room):
    made = api(admin).post(
        "/api/v1/key-accounts/", {"name": "乙公司", "credit_code": credit_code(), "window": room.number}, format="json"
    )
    assert made.status_code == 201 and "*" in made.json()["credit_code"]
    assert (
        api(cast.desk)
        .post("/api/v1/key-accounts/", {"name": "丙", "credit_code": credit_code()}, format="json")
        .status_code
        == 403
    )
    url = f"/api/v1/key-accounts/{account.pk}/follow-ups/"
    created = api(cast.desk).post(url, {"method": "phone", "summary": "电话回访，企业满意"}, format="json")
    assert created.status_code == 201
    assert len(api(admin).get(url).json()) == 1
    for user in (cast.reviewer, make_staff(role=Role.REVIEWER, department=make_department()), make_applicant_user()):
        assert api(user).get(url).status_code == 404
        assert api(user).post(url, {"method": "phone", "summary": "x"}, format="json").status_code == 404
        assert api(user).get("/api/v1/key-accounts/").json()["count"] == 0
    assert api().get(url).status_code in (401, 403)


def test_pages_scoped(account, admin, cast, client):
    assert client.get(f"/workbench/key-accounts/{account.pk}/").status_code == 302
    client.force_login(admin)
    assert "示范重工有限公司" in client.get("/workbench/key-accounts/").content.decode()
    client.force_login(cast.reviewer)
    assert client.get(f"/workbench/key-accounts/{account.pk}/").status_code == 404
    client.force_login(cast.desk)
    response = client.post(f"/workbench/key-accounts/{account.pk}/", {"method": "visit", "summary": "走访"})
    assert response.status_code == 302
