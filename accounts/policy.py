"""Who the sign-in rules apply to, read from the settings in force (no writes here)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def _facts(user):
    """Whether the user has a confirmed authenticator or recovery codes, and when their password
    was set: one query, remembered on the user object for the rest of the request."""
    facts = getattr(user, "_hall_signin_facts", None)
    if facts is None:
        from accounts.models import PasswordState

        facts = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values(
                "date_joined",
                has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
                has_static=Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
                password_changed_at=Subquery(
                    PasswordState.objects.filter(user=OuterRef("pk")).values("changed_at")[:1]
                ),
            )
            .first()
        ) or {"date_joined": timezone.now(), "has_totp": False, "has_static": False, "password_changed_at": None}
        user._hall_signin_facts = facts
    return facts


def forget_facts(user):
    if hasattr(user, "_hall_signin_facts"):
        del user._hall_signin_facts


def has_otp_device(user):
    if user is None or not user.is_authenticated:
        return False
    facts = _facts(user)
    return bool(facts["has_totp"] or facts["has_static"])


def needs_otp(user):
    """Must this user give a one-time code to sign in (enrolled, or obliged to be)?"""
    return has_otp_device(user) or otp_required(user)


def password_changed_at(user):
    facts = _facts(user)
    return facts["password_changed_at"] or facts["date_joined"]


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
