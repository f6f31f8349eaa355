"""The applicant's choice of how to receive the result: validated, scoped, one event, no address in the log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services as s
from approvals.constants import Action
from approvals.models import DeliveryPreference
from approvals.selectors import delivery_preference_of
from tests.factories import make_applicant_user, make_case

pytestmark = pytest.mark.django_db


def test_post_needs_recipient_phone_and_address_and_nothing_is_saved_without_them(item, cast):
    applicant = make_applicant_user()
    case = make_case(state="submitted", item=item, cast=cast, applicant=applicant)
    with pytest.raises(ValidationError) as exc:
        s.case_choose_delivery(case=case, by=applicant, method="post", recipient="张三", phone="12345")
    assert set(exc.value.message_dict) == {"address", "phone"}
    assert not DeliveryPreference.objects.exists()
    assert not case.events.filter(action=Action.CHOOSE_DELIVERY).exists()


def test_choice_is_one_public_event_without_the_address_and_can_be_changed(item, cast):
    applicant = make_applicant_user()
    case = make_case(state="in_review", item=item, cast=cast, applicant=applicant, channel="online")
    s.case_choose_delivery(
        case=case, by=applicant, method="post", recipient="张三", phone="13812345678", address="示范县人民路1号"
    )
    s.case_choose_delivery(case=case, by=applicant, method="electronic")

    case.refresh_from_db()
    preference = delivery_preference_of(case)
    assert preference.method == "electronic" and preference.address == ""
    events = list(case.events.filter(action=Action.CHOOSE_DELIVERY))
    assert [e.payload for e in events] == [{"method": "post"}, {"method": "electronic"}]
    assert all(e.public and e.from_state == e.to_state == "in_review" for e in events)
    assert "人民路" not in str([e.note for e in events])
    assert case.state == "in_review"


def test_only_the_applicant_or_hall_staff_may_choose(item, cast):
    applicant = make_applicant_user()
    case = make_case(state="in_review", item=item, cast=cast, applicant=applicant, channel="online")
    with pytest.raises(PermissionDenied):
        s.case_choose_delivery(case=case, by=make_applicant_user(), method="pickup")
    with pytest.raises(PermissionDenied):
        s.case_choose_delivery(case=case, by=cast.reviewer, method="pickup")
    s.case_choose_delivery(case=case, by=cast.desk, method="pickup")  # said at the window
    assert delivery_preference_of(case).method == "pickup"


def test_a_delivered_case_cannot_change_its_choice(item, cast):
    case = make_case(state="delivered", item=item, cast=cast)
    with pytest.raises(s.CaseConflict):
        s.case_choose_delivery(case=case, by=cast.desk, method="electronic")
