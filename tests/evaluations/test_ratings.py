"""Ratings: five levels, indicator sets, 差评 asks which and why, once per occasion, never edited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations import services
from evaluations.constants import OccasionStatus, RatingChannel, TicketKind
from evaluations.models import AppendOnlyError, Rating, Ticket
from tests.evaluations.helpers import delivered_online_case, window_case
from tests.factories import make_applicant_user

pytestmark = pytest.mark.django_db


def test_an_applicant_rates_their_delivered_case_once():
    case, occasion = delivered_online_case()
    user = case.applicant_user
    rating = services.rating_submit(
        occasion=occasion, channel=RatingChannel.PORTAL, score=5, indicators={"guide": 4}, by=user, anonymous=False
    )
    assert rating.score == 5 and rating.indicators == {"guide": 4, "overall": 5}
    assert rating.rater_user == user and rating.rater_name and not rating.anonymous
    assert rating.case == case and rating.department_id == case.department_id
    occasion.refresh_from_db()
    assert occasion.status == OccasionStatus.RATED
    with pytest.raises(services.EvaluationConflict):
        services.rating_submit(
            occasion=occasion, channel=RatingChannel.SMS, score=1, bad_indicator="efficiency", reason="想再评一次差评"
        )
    assert Rating.objects.count() == 1
    assert not Ticket.objects.exists()  # a good rating opens nothing


def test_someone_else_cannot_rate_the_case():
    _case, occasion = delivered_online_case()
    with pytest.raises(PermissionDenied):
        services.rating_submit(occasion=occasion, channel=RatingChannel.PORTAL, score=5, by=make_applicant_user())


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"score": 9}, "score"),
        ({"score": ""}, "score"),
        ({"score": 1, "reason": "服务太慢了吧"}, "bad_indicator"),
        ({"score": 2, "bad_indicator": "guide"}, "reason"),
        ({"score": 2, "bad_indicator": "attitude", "reason": "服务太慢了吧"}, "bad_indicator"),  # offline indicator
        ({"score": 4, "indicators": {"nonsense": 3}}, "indicators"),
    ],
)
def test_bad_input_is_a_field_error(data, field):
    _case, occasion = delivered_online_case()
    with pytest.raises(ValidationError) as exc:
        services.rating_submit(occasion=occasion, channel=RatingChannel.SMS, **data)
    assert field in exc.value.message_dict


def test_a_bad_rating_opens_a_rectification_ticket_for_whoever_handled_it():
    case, occasion = delivered_online_case()
    rating = services.rating_submit(
        occasion=occasion, channel=RatingChannel.SMS, score=1, bad_indicator="efficiency", reason="审批拖了很久"
    )
    ticket = rating.ticket
    assert ticket.kind == TicketKind.BAD_RATING and ticket.department_id == case.department_id
    assert ticket.staff_id == case.received_by_id and ticket.real_name is False
    assert ticket.deadline_at > ticket.warn_at > ticket.opened_at


def test_ratings_are_never_edited_or_deleted():
    _case, occasion = delivered_online_case()
    rating = services.rating_submit(occasion=occasion, channel=RatingChannel.SMS, score=3)
    rating.score = 5
    with pytest.raises(AppendOnlyError):
        rating.save()
    with pytest.raises(AppendOnlyError):
        Rating.objects.filter(pk=rating.pk).update(score=5)
    with pytest.raises(AppendOnlyError):
        Rating.objects.all().delete()


def test_an_expired_invitation_cannot_be_rated():
    _case, occasion = delivered_online_case()
    with pytest.raises(services.EvaluationConflict):
        services.rating_submit(
            occasion=occasion, channel=RatingChannel.SMS, score=5, now=occasion.expires_at + timedelta(seconds=1)
        )


def test_a_window_case_is_rated_only_after_the_clerk_triggers_the_pad():
    case, cast = window_case()
    occasion = case.rating_occasions.get()
    with pytest.raises(services.EvaluationConflict):
        services.rating_submit(occasion=occasion, channel=RatingChannel.PAD, score=5)
    occasion = services.occasion_present(by=cast.desk, case=case)
    rating = services.rating_submit(
        occasion=occasion,
        channel=RatingChannel.PAD,
        score=4,
        indicators={"attitude": 5, "efficiency": 4},
        anonymous=False,
        rater_name="",
    )
    assert rating.rater_name == case.applicant_name  # real-name at the window: the case's applicant
    assert rating.window == cast.desk.staff_profile.window and rating.staff == cast.desk


def test_real_name_without_a_name_is_refused_on_the_pad():
    _case, cast = window_case()
    occasion = services.occasion_present(by=cast.desk)
    with pytest.raises(ValidationError) as exc:
        services.rating_submit(occasion=occasion, channel=RatingChannel.PAD, score=5, anonymous=False)
    assert "rater_name" in exc.value.message_dict
