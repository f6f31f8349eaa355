"""Submitting a rating: once per occasion, never edited; a 差评 opens a rectification ticket."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.constants import BAD_SCORES, OccasionKind, OccasionStatus, RatingChannel, Score, indicators_for
from evaluations.models import Rating, RatingOccasion
from evaluations.services._base import EvaluationConflict
from evaluations.services.tickets import ticket_open_for_rating
from hall.selectors import applicant_profile_of

REASON_MIN = 5


def _score(value, field):
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("请选择评价等级。")}) from None
    if score not in Score.values:
        raise ValidationError({field: _("评价等级须为1至5。")})
    return score


def clean_rating(*, kind, score, indicators=None, bad_indicator="", reason=""):
    """Validated (score, indicators, bad_indicator, reason) or ValidationError with field messages."""
    errors = {}
    try:
        score = _score(score, "score")
    except ValidationError as exc:
        raise exc
    names = indicators_for(kind)
    clean = {}
    for key, value in (indicators or {}).items():
        if value in (None, ""):
            continue
        if key not in names.values:
            errors["indicators"] = _("没有这个评价指标：%(key)s") % {"key": key}
            continue
        try:
            clean[key] = _score(value, "indicators")
        except ValidationError:
            errors["indicators"] = _("分项评价等级须为1至5。")
    clean.setdefault("overall", score)
    reason = (reason or "").strip()
    bad_indicator = (bad_indicator or "").strip()
    if score in BAD_SCORES:
        if bad_indicator not in names.values:
            errors["bad_indicator"] = _("请选择不满意的方面。")
        if len(reason) < REASON_MIN:
            errors["reason"] = _("请写明不满意的原因（至少%(n)s个字）。") % {"n": REASON_MIN}
    else:
        bad_indicator, reason = "", ""
    if errors:
        raise ValidationError(errors)
    return score, clean, bad_indicator, reason


def rating_submit(
    *,
    occasion,
    channel,
    score,
    indicators=None,
    bad_indicator="",
    reason="",
    comment="",
    anonymous=True,
    rater_name="",
    by=None,
    now=None,
):
    """Rate an occasion once. `by` is the signed-in applicant (portal); the pad and the SMS link
    have no user. Real-name ratings carry the rater's name (from the account when signed in)."""
    now = now or timezone.now()
    score, indicators, bad_indicator, reason = clean_rating(
        kind=occasion.kind, score=score, indicators=indicators, bad_indicator=bad_indicator, reason=reason
    )
    if channel not in RatingChannel.values:
        raise ValidationError({"channel": _("评价渠道无效。")})
    anonymous = bool(anonymous)
    rater_name = (rater_name or "").strip()[:50]
    if by is not None and by.is_authenticated:
        if occasion.applicant_user_id != by.pk:
            raise PermissionDenied(_("只能评价自己的办件。"))
        profile = applicant_profile_of(by)
        rater_name = rater_name or (profile.name if profile else by.get_full_name() or by.get_username())
    elif not anonymous and occasion.case_id and not rater_name:
        rater_name = occasion.case.applicant_name
    if not anonymous and not rater_name:
        raise ValidationError({"rater_name": _("实名评价请填写姓名，或选择匿名评价。")})
    with transaction.atomic():
        occasion = RatingOccasion.objects.select_for_update().get(pk=occasion.pk)
        if occasion.status != OccasionStatus.PENDING:
            raise EvaluationConflict(_("本次服务已经评价过了，评价提交后不能修改。"))
        if occasion.expires_at is not None and occasion.expires_at <= now:
            raise EvaluationConflict(_("评价已过期。"))
        if occasion.kind == OccasionKind.WINDOW and occasion.presented_at is None:
            raise EvaluationConflict(_("请等待窗口工作人员发起评价。"))
        rating = Rating.objects.create(
            occasion=occasion,
            kind=occasion.kind,
            channel=channel,
            score=score,
            indicators=indicators,
            bad_indicator=bad_indicator,
            reason=reason,
            comment=(comment or "").strip()[:300],
            anonymous=anonymous,
            rater_user=by if (by is not None and by.is_authenticated) else None,
            rater_name="" if anonymous else rater_name,
            case_id=occasion.case_id,
            department_id=occasion.department_id,
            item_id=occasion.item_id,
            window_id=occasion.window_id,
            staff_id=occasion.staff_id,
            rated_at=now,
        )
        occasion.status = OccasionStatus.RATED
        if channel == RatingChannel.SMS:
            occasion.token_used_at = now
        occasion.save(update_fields=["status", "token_used_at"])
        if rating.is_bad:
            ticket_open_for_rating(rating=rating, now=now)
    return rating
