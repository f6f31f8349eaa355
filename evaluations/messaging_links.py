"""The 好差评 invitation in the applicant's "delivered" message (messaging's {rating} placeholder)."""

from django.utils.translation import gettext as _

from approvals.constants import Action
from evaluations.constants import OccasionKind
from evaluations.models import RatingOccasion


def rating_invitation(*, message, case):
    """ "欢迎评价：<link>" for a delivered case whose rating occasion is open; "" otherwise.

    The occasion is opened by this app's own subscriber on the same event, which runs before
    messaging's (subscribers are delivered in name order), so the link exists by then.
    """
    if message.action != Action.DELIVER:
        return ""
    occasion = (
        RatingOccasion.objects.filter(case_id=case.pk, kind=OccasionKind.ONLINE)
        .exclude(sms_link="")
        .order_by("-pk")
        .first()
    )
    if occasion is None:
        return ""
    return _("欢迎对本次服务作出评价（免登录）：%(link)s") % {"link": occasion.sms_link}
