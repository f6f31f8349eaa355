"""Reads of 上门办, scoped: the applicant their own requests; windows that handle the department and
the clerk sent; the department's staff; the hall's supervisors and admins. Others: 404."""

from django.db.models import Q
from django.http import Http404

from hall.constants import DEPARTMENT_ROLES, SEE_ALL_ROLES, Role, WindowKind
from hall.models import StaffProfile
from hall.selectors import staff_profile_of
from homevisits.models import HomeVisit


def visits_visible_to(user, now=None):
    qs = HomeVisit.objects.with_level(now).select_related("item", "department", "assigned_to", "case")
    if user is None or not user.is_authenticated:
        return qs.none()
    profile = staff_profile_of(user)
    if profile is None:
        return qs if user.is_superuser else qs.filter(applicant_user_id=user.pk)
    if profile.role in SEE_ALL_ROLES:
        return qs
    if profile.role in DEPARTMENT_ROLES:
        return qs.filter(department_id=profile.department_id)
    if profile.role == Role.FRONT_DESK:
        window = profile.window
        mine = Q(assigned_to_id=user.pk)
        if window is None or not window.is_active:
            return qs.filter(mine)
        if window.kind == WindowKind.COMPREHENSIVE:
            return qs
        return qs.filter(mine | Q(department_id=window.department_id))
    return qs.none()


def visit_get(*, user, pk):
    visit = visits_visible_to(user).filter(pk=pk).first() if pk is not None else None
    if visit is None:
        raise Http404("上门办申请不存在或您无权查看。")
    return visit


def assignable_staff(*, visit):
    """Front-desk clerks at active windows that handle the item's department."""
    profiles = StaffProfile.objects.filter(role=Role.FRONT_DESK, window__is_active=True).select_related(
        "user", "window"
    )
    profiles = profiles.filter(
        Q(window__kind=WindowKind.COMPREHENSIVE)
        | Q(window__kind=WindowKind.SPECIALISED, window__department_id=visit.department_id)
    )
    return [p.user for p in profiles.order_by("window__number", "user__username")]
