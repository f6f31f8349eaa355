from django_fsm import TransitionNotAllowed

from hall.constants import Role
from hall.selectors import staff_profile_of


class EvaluationConflict(TransitionNotAllowed):
    """Not allowed now (already rated, closed, expired, missing call-back): HTTP 409."""


def role_of_staff(user):
    """The staff role, HALL_ADMIN for a superuser without a profile, else None."""
    profile = staff_profile_of(user)
    if profile is not None:
        return profile.role
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.HALL_ADMIN
    return None
