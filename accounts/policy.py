"""Who the sign-in rules apply to, read from the settings in force (no writes here)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_otp import user_has_device

from hall.constants import Role
from hall.selectors import staff_profile_of

# Roles that must sign in with a second factor (superusers too), unless every staff role must.
OTP_REQUIRED_ROLES = frozenset({Role.HALL_ADMIN, Role.SUPERVISOR})


def is_staff_user(user):
    """Hall staff of any role, admin-site users and superusers (not applicants)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or staff_profile_of(user) is not None)


def otp_required(user):
    if not settings.HALL_2FA_ENFORCED or not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    profile = staff_profile_of(user)
    if profile is not None and profile.role in OTP_REQUIRED_ROLES:
        return True
    return bool(settings.HALL_2FA_REQUIRED_FOR_ALL_STAFF)


def has_otp_device(user):
    return bool(user is not None and user.is_authenticated and user_has_device(user, confirmed=True))


def needs_otp(user):
    """Must this user give a one-time code to sign in (enrolled, or obliged to be)?"""
    return has_otp_device(user) or otp_required(user)


def password_changed_at(user):
    state = getattr(user, "password_state", None)
    return state.changed_at if state is not None else user.date_joined


def password_max_age():
    days = settings.HALL_PASSWORD_MAX_AGE_DAYS
    return timedelta(days=days) if days and days > 0 else None


def password_expires_at(user):
    """When a staff member's password must be changed, or None (applicants, or no limit)."""
    max_age = password_max_age()
    if max_age is None or not is_staff_user(user):
        return None
    return password_changed_at(user) + max_age


def password_expired(user, *, now=None):
    expires = password_expires_at(user)
    return expires is not None and (now or timezone.now()) >= expires


def password_days_left(user, *, now=None):
    """Whole days left before the change is forced, or None."""
    expires = password_expires_at(user)
    if expires is None:
        return None
    return max(0, (expires - (now or timezone.now())).days)


def password_warning_due(user, *, now=None):
    days = password_days_left(user, now=now)
    return days is not None and not password_expired(user, now=now) and days < settings.HALL_PASSWORD_WARN_DAYS


def token_lifetime():
    return timedelta(seconds=settings.HALL_API_TOKEN_LIFETIME_SECONDS)


def token_expires_at(token):
    return token.created + token_lifetime()


def token_expired(token, *, now=None):
    return (now or timezone.now()) >= token_expires_at(token)
