"""星级窗口 / 红旗窗口 / 服务之星: proposed from a period's ranking, confirmed by the hall admin."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import rankings
from evaluations.constants import AwardKind
from evaluations.models import Award
from evaluations.services._base import EvaluationConflict, role_of_staff
from hall.constants import Role

STAR_WINDOWS = 3
SERVICE_STARS = 3
MIN_RATINGS = 3
# A star (window or staff) needs at least this average and satisfaction rate; the red flag more.
STAR_MIN_AVERAGE = Decimal("4.00")
STAR_MIN_SATISFACTION = Decimal("90.0")
RED_FLAG_MIN_AVERAGE = Decimal("4.50")


def _qualifies(row, min_average=STAR_MIN_AVERAGE):
    return row.ratings >= MIN_RATINGS and row.average >= min_average and row.satisfaction >= STAR_MIN_SATISFACTION


def _require_admin(by):
    if role_of_staff(by) != Role.HALL_ADMIN:
        raise PermissionDenied(_("只有大厅管理员可以评定称号。"))


def awards_propose(*, period, by, now=None):
    """Proposals from the ranking: the top windows (星级窗口), the first window (红旗窗口), the top
    staff (服务之星); only those with enough ratings, a high enough average and satisfaction rate.
    Idempotent per (kind, period, who)."""
    _require_admin(by)
    now = now or timezone.now()
    p = rankings.parse_period(period)
    windows = [r for r in rankings.window_ranking(p) if _qualifies(r)]
    staff = [r for r in rankings.staff_ranking(p) if _qualifies(r)]
    red_flag = [r for r in windows[:1] if _qualifies(r, RED_FLAG_MIN_AVERAGE)]
    made = []
    with transaction.atomic():
        for kind, rows, key in (
            (AwardKind.RED_FLAG, red_flag, "window"),
            (AwardKind.STAR_WINDOW, windows[:STAR_WINDOWS], "window"),
            (AwardKind.SERVICE_STAR, staff[:SERVICE_STARS], "staff"),
        ):
            for row in rows:
                award, _created = Award.objects.get_or_create(
                    kind=kind,
                    period=p.key,
                    **{f"{key}_id": row.id},
                    defaults={
                        "period_kind": p.kind,
                        "average": row.average,
                        "ratings": row.ratings,
                        "satisfaction": row.satisfaction,
                        "proposed_at": now,
                    },
                )
                made.append(award)
    return made


def award_confirm(*, award, by, now=None):
    _require_admin(by)
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award.pk)
        if award.confirmed_at is not None:
            raise EvaluationConflict(_("该称号已经确认。"))
        award.confirmed_at, award.confirmed_by = now or timezone.now(), by
        award.save(update_fields=["confirmed_at", "confirmed_by"])
    return award
