"""Rating occasions: a window service (case registered at a window, or the clerk's trigger) and a
delivered case (with its one-time SMS link)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.constants import OccasionKind, OccasionStatus
from evaluations.models import RatingOccasion
from hall.constants import Role
from hall.selectors import staff_profile_of

PAD_ROLES = (Role.FRONT_DESK, Role.DELIVERY)


def _get_or_create(**fields):
    try:
        with transaction.atomic():
            return RatingOccasion.objects.create(**fields), True
    except IntegrityError:  # the case already has this kind of occasion
        return RatingOccasion.objects.get(case=fields["case"], kind=fields["kind"]), False


def occasion_for_window_case(*, case, staff_id, at):
    """A case registered at a window: the visit may be rated on the window's pad (一次一评)."""
    return _get_or_create(
        kind=OccasionKind.WINDOW,
        case=case,
        department_id=case.department_id,
        item_id=case.item_id,
        window_id=case.window_id,
        staff_id=staff_id,
        applicant_user_id=case.applicant_user_id,
        created_at=at,
    )[0]


def sms_link_for(token):
    return settings.EVALUATIONS_PUBLIC_BASE_URL.rstrip("/") + reverse("evaluations:sms-rate", args=[token])


def occasion_for_delivered_case(*, case, at):
    """A delivered case invites one online rating (一事一评), in the portal or by the SMS link."""
    occasion, created = _get_or_create(
        kind=OccasionKind.ONLINE,
        case=case,
        department_id=case.department_id,
        item_id=case.item_id,
        window_id=case.window_id,
        staff_id=case.received_by_id,
        applicant_user_id=case.applicant_user_id,
        created_at=at,
        expires_at=at + timedelta(days=settings.EVALUATIONS_ONLINE_RATING_DAYS),
    )
    if created:
        occasion.sms_link = sms_link_for(occasion.token)
        occasion.save(update_fields=["sms_link"])
    return occasion


def occasion_present(*, by, case=None, now=None):
    """The clerk asks the applicant in front of them to rate: the window's pad shows it now.

    With a case (registered at this window) its occasion is presented; without, a new occasion
    of the clerk's window. Any other occasion still on the pad is withdrawn first.
    """
    now = now or timezone.now()
    profile = staff_profile_of(by)
    if profile is None or profile.role not in PAD_ROLES:
        raise PermissionDenied(_("只有窗口工作人员可以邀请评价。"))
    if profile.window is None:
        raise ValidationError(_("您没有所在窗口，无法使用评价器。"))
    window = profile.window
    with transaction.atomic():
        RatingOccasion.objects.select_for_update().filter(
            window=window, kind=OccasionKind.WINDOW, status=OccasionStatus.PENDING, presented_at__isnull=False
        ).exclude(case=case).update(status=OccasionStatus.CANCELLED)
        if case is not None:
            occasion = occasion_for_window_case(case=case, staff_id=by.pk, at=now)
            occasion = RatingOccasion.objects.select_for_update().get(pk=occasion.pk)
            if occasion.status != OccasionStatus.PENDING:
                from evaluations.services._base import EvaluationConflict

                raise EvaluationConflict(_("该办件的窗口服务已经评价过了。"))
            occasion.window, occasion.staff = window, by
        else:
            occasion = RatingOccasion(
                kind=OccasionKind.WINDOW,
                window=window,
                staff=by,
                department_id=window.department_id,
                created_at=now,
            )
        occasion.presented_at = now
        occasion.expires_at = now + timedelta(minutes=settings.EVALUATIONS_PAD_MINUTES)
        occasion.save()
    return occasion
