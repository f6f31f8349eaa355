"""Shared set-up for the 好差评 tests: delivered and window cases, with their occasions."""

from approvals.services.publishing import deliver_all_pending
from evaluations.constants import OccasionKind
from evaluations.models import RatingOccasion
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item


def delivered_online_case(*, applicant=None, item=None):
    item = item or make_item(department=make_department())
    applicant = applicant or make_applicant_user()
    case = make_case(state="delivered", item=item, channel="online", applicant=applicant)
    deliver_all_pending()
    occasion = RatingOccasion.objects.get(case=case, kind=OccasionKind.ONLINE)
    return case, occasion


def window_case(*, cast=None, item=None):
    item = item or make_item(department=make_department())
    cast = cast or Cast(item.department)
    case = make_case(state="received", item=item, cast=cast)
    deliver_all_pending()
    return case, cast
