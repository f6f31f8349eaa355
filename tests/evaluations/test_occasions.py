"""Case events open rating occasions: a window registration (一次一评) and a delivery (一事一评)."""

import pytest

from approvals.services.publishing import deliver_all_pending
from evaluations import services
from evaluations.constants import OccasionKind, OccasionStatus
from evaluations.models import RatingOccasion
from hall.constants import Role
from tests.evaluations.helpers import delivered_online_case, window_case
from tests.factories import make_case, make_staff

pytestmark = pytest.mark.django_db


def test_a_delivered_case_invites_one_online_rating_with_a_one_time_sms_link():
    case, occasion = delivered_online_case()
    assert occasion.status == OccasionStatus.PENDING
    assert occasion.applicant_user_id == case.applicant_user_id
    assert occasion.department_id == case.department_id and occasion.item_id == case.item_id
    assert occasion.sms_link == f"/r/{occasion.token}/" and len(occasion.token) >= 24
    assert occasion.expires_at > case.delivered_at
    deliver_all_pending()  # a second delivery repeats nothing
    assert RatingOccasion.objects.filter(case=case, kind=OccasionKind.ONLINE).count() == 1


def test_a_case_registered_at_a_window_is_a_window_occasion_not_yet_on_the_pad():
    case, cast = window_case()
    occasion = RatingOccasion.objects.get(case=case, kind=OccasionKind.WINDOW)
    assert occasion.window_id == case.window_id and occasion.staff == cast.desk
    assert occasion.presented_at is None


def test_an_online_application_is_no_window_occasion():
    case = make_case(state="received", channel="online")
    deliver_all_pending()
    assert not RatingOccasion.objects.filter(case=case, kind=OccasionKind.WINDOW).exists()


def test_the_clerk_pushes_a_case_or_the_visit_to_the_pad_and_only_the_latest_stays():
    case, cast = window_case()
    first = services.occasion_present(by=cast.desk)
    assert first.case is None and first.presented_at is not None and first.window == cast.desk.staff_profile.window
    second = services.occasion_present(by=cast.desk, case=case)
    first.refresh_from_db()
    assert first.status == OccasionStatus.CANCELLED
    assert second.case == case and second.presented_at is not None


def test_only_window_clerks_trigger_the_pad():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.occasion_present(by=make_staff(role=Role.SUPERVISOR))
