"""Every write of sign-in security, each announcing itself on `security_event`.

Keyword-only, one transaction each, the event sent inside it: the audit log (another app)
writes its row in the same transaction, so a change and its record stand or fall together.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts import policy
from accounts.models import UserSession
from hall.client_ip import client_ip, mask_ip
from hall.security_signals import security_event

RECOVERY_CODE_COUNT = 10
_ENROLMENT_DEVICE = "hall-totp"


def _emit(kind, *, user, request, outcome="success", **details):
    security_event.send(sender=__name__, kind=kind, user=user, request=request, outcome=outcome, details=details)


# --- Two-factor sign-in -------------------------------------------------------------------


def otp_pending_device(*, user):
    """The unconfirmed TOTP device of an enrolment in progress (made on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=_ENROLMENT_DEVICE).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=_ENROLMENT_DEVICE)
    return device


def otp_confirm_enrolment(*, user, device, token, request=None):
    """Confirm the authenticator with its first code; returns the recovery codes, or None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(token):
            _emit("otp-enrolment-failed", user=user, request=request, outcome="failure")
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user=user)
        policy.forget_facts(user)
        _emit("otp-enrolled", user=user, request=request, device="totp", recovery_codes=len(codes))
    return codes


def otp_regenerate_recovery_codes(*, user, request=None):
    with transaction.atomic():
        codes = _replace_recovery_codes(user=user)
        _emit("otp-recovery-codes-regenerated", user=user, request=request, recovery_codes=len(codes))
    return codes


def _replace_recovery_codes(*, user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery-codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def otp_reset(*, user, by, request=None):
    """An admin removes a user's authenticator and recovery codes; they enrol again."""
    with transaction.atomic():
        removed = 0
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
        policy.forget_facts(user)
        _emit(
            "otp-reset", user=by, request=request, target_user_id=user.pk, target=user.get_username(), devices=removed
        )
    return removed


def otp_verified(*, user, request=None, door):
    _emit("otp-verified", user=user, request=request, door=door)


def otp_failed(*, user, request=None, door):
    _emit("otp-failed", user=user, request=request, outcome="failure", door=door)


# --- Lockout ------------------------------------------------------------------------------


def unlock(*, by, request=None, usernames=(), addresses=()):
    """Clear lockout counters for the given accounts and/or client addresses (admin action)."""
    from axes.utils import reset

    with transaction.atomic():
        cleared = 0
        for username in usernames:
            cleared += reset(username=username) or 0
        for address in addresses:
            cleared += reset(ip=address) or 0
        _emit(
            "unlocked",
            user=by,
            request=request,
            usernames=sorted(set(usernames)),
            addresses=sorted({mask_ip(a) for a in addresses}),
            attempts_cleared=cleared,
        )
    return cleared


# --- Passwords ----------------------------------------------------------------------------


def password_expired(*, user, request=None):
    """A staff member met the forced change (sent once per session)."""
    _emit("password-expired", user=user, request=request, outcome="failure")


def password_changed(*, user, request=None, forced):
    _emit("password-changed", user=user, request=request, forced=forced)


# --- API tokens ---------------------------------------------------------------------------


def token_issue(*, user, request=None):
    """The user's API token, made anew if they had none or it expired."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and policy.token_expired(token):
            token.delete()
            token = None
        if token is None:
            token = Token.objects.create(user=user)
        _emit("token-issued", user=user, request=request, expires_at=policy.token_expires_at(token).isoformat())
    return token


def token_revoke(*, user, request=None, reason):
    with transaction.atomic():
        deleted, _ = Token.objects.filter(user=user).delete()
        if deleted:
            _emit("token-revoked", user=user, request=request, reason=reason)
    return bool(deleted)


# --- Sessions -----------------------------------------------------------------------------


def _session_store(key):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def session_track(*, user, request):
    """Record (or refresh) the row of the request's session; cheap when nothing changed."""
    key = request.session.session_key
    if not key:
        return None
    now = timezone.now()
    row, created = UserSession.objects.get_or_create(
        session_key=key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "masked_address": mask_ip(client_ip(request)),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )
    if not created:
        UserSession.objects.filter(pk=row.pk).update(last_seen_at=now)
    return row


def session_forget(*, session_key):
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def session_end(*, user, session, request=None):
    """End one of the user's own sessions (the page offers only the user's own rows)."""
    with transaction.atomic():
        _session_store(session.session_key).delete()
        UserSession.objects.filter(pk=session.pk, user=user).delete()
        _emit("session-ended", user=user, request=request, sessions=1)


def session_end_others(*, user, keep_key, request=None):
    with transaction.atomic():
        rows = UserSession.objects.filter(user=user).exclude(session_key=keep_key)
        keys = list(rows.values_list("session_key", flat=True))
        for key in keys:
            _session_store(key).delete()
        rows.delete()
        _emit("session-ended", user=user, request=request, sessions=len(keys))
    return len(keys)


def session_expired_idle(*, user, request):
    _emit("session-idle-timeout", user=user, request=request, outcome="success")


def lockout_announced(*, username, request):
    user = get_user_model().objects.filter(username=username).first() if username else None
    _emit("locked-out", user=user, request=request, outcome="failure", username=username or "")
