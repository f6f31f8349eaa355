"""The applicant's "delivered" message carries the 好差评 invitation with its one-time link."""

import pytest

from approvals.services.publishing import deliver_all_pending
from evaluations.models import RatingOccasion
from messaging.models import Message
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_delivered_sms_invites_a_rating_with_the_one_time_link():
    case = make_case(state="delivered")
    deliver_all_pending()
    occasion = RatingOccasion.objects.get(case=case, kind="online")
    assert occasion.sms_link
    delivered = Message.objects.filter(case=case, kind="delivered")
    assert delivered.exists()
    assert all(occasion.sms_link in m.body and "欢迎对本次服务作出评价" in m.body for m in delivered)
    # The earlier messages say nothing of a rating.
    assert not any(occasion.sms_link in m.body for m in Message.objects.filter(case=case).exclude(kind="delivered"))
