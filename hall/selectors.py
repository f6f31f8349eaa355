"""Reads about the hall's people: who is this user in the hall?"""

from hall.constants import APPLICANT_ROLE, Role
from hall.models import ApplicantProfile, StaffProfile


def staff_profile_of(user):
    """The user's StaffProfile (with department and window), or None; cached on the user object."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_hall_staff_profile"):
        user._hall_staff_profile = (
            StaffProfile.objects.select_related("department", "window", "window__department")
            .filter(user_id=user.pk)
            .first()
        )
    return user._hall_staff_profile


def applicant_profile_of(user):
    if user is None or not user.is_authenticated:
        return None
    return ApplicantProfile.objects.filter(user_id=user.pk).first()


def role_of(user):
    """The role written on audit events: a staff role, 'hall_admin' for superusers, or 'applicant'."""
    profile = staff_profile_of(user)
    if profile is not None:
        return profile.role
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.HALL_ADMIN
    return APPLICANT_ROLE
