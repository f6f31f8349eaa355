"""督办 (urge): one internal event on the case, notices to the department's reviewers and chief only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.constants import Action, CaseState
from approvals.services import CaseConflict
from hall.constants import Role
from supervision.constants import NotificationKind
from supervision.models import Notification
from supervision.services import case_urge_and_notify
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    dept, other = make_department(code="scjg", name="市场监管局"), make_department(code="wjw", name="卫生健康委")
    cast, other_cast = Cast(dept), Cast(other)
    # Everyone exists before the urge, so "not notified" means something.
    people = [cast.reviewer, cast.chief, cast.desk, cast.delivery, other_cast.reviewer, other_cast.chief]
    return {
        "cast": cast,
        "other_cast": other_cast,
        "item": make_item(department=dept),
        "supervisor": make_staff(role=Role.SUPERVISOR),
        "people": people,
    }


@pytest.mark.parametrize("state", [CaseState.DISPATCHED, CaseState.IN_REVIEW, CaseState.SUSPENDED])
def test_urge_writes_one_internal_event_and_notifies_the_department_only(world, state):
    cast, other_cast = world["cast"], world["other_cast"]
    case = make_case(state=state, item=world["item"], cast=cast)
    events_before = case.events.count()

    event = case_urge_and_notify(case=case, note="  已临近期限，请今日办结  ", by=world["supervisor"])

    case.refresh_from_db()
    assert case.state == state  # not a state change
    assert case.events.count() == events_before + 1
    assert event.action == Action.URGE and event.from_state == event.to_state == state
    assert event.public is False and event.note == "已临近期限，请今日办结"
    assert event.actor == world["supervisor"] and event.actor_role == Role.SUPERVISOR
    notified = set(Notification.objects.filter(case=case).values_list("user_id", flat=True))
    assert notified == {cast.reviewer.pk, cast.chief.pk}
    assert set(Notification.objects.filter(case=case).values_list("kind", flat=True)) == {NotificationKind.URGE}
    assert "已临近期限，请今日办结" in Notification.objects.filter(case=case).first().message
    assert not Notification.objects.filter(user__in=[other_cast.reviewer, other_cast.chief]).exists()


def test_note_is_required(world):
    case = make_case(state="in_review", item=world["item"], cast=world["cast"])
    with pytest.raises(ValidationError) as err:
        case_urge_and_notify(case=case, note="   ", by=world["supervisor"])
    assert "督办意见" in err.value.message_dict["note"][0]
    assert not case.events.filter(action=Action.URGE).exists() and not Notification.objects.exists()


@pytest.mark.parametrize("state", ["received", "granted", "ready", "withdrawn"])
def test_a_case_the_department_does_not_hold_is_a_conflict(world, state):
    case = make_case(state=state, item=world["item"], cast=world["cast"])
    with pytest.raises(CaseConflict, match="督办"):
        case_urge_and_notify(case=case, note="请加快", by=world["supervisor"])
    assert not case.events.filter(action=Action.URGE).exists() and not Notification.objects.exists()


def test_only_a_supervisor_may_urge(world):
    cast = world["cast"]
    case = make_case(state="in_review", item=world["item"], cast=cast)
    for user in (cast.reviewer, cast.chief, cast.desk, make_staff(role=Role.HALL_ADMIN)):
        with pytest.raises(PermissionDenied):
            case_urge_and_notify(case=case, note="请加快", by=user)
    assert not case.events.filter(action=Action.URGE).exists() and not Notification.objects.exists()
