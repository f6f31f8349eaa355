"""Django's and axes' sign-in signals, turned into session rows, token revocation and events."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts import services


@receiver(user_logged_in, dispatch_uid="accounts-track-session")
def _track_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from accounts.middleware import LAST_ACTIVITY_KEY

        request.session[LAST_ACTIVITY_KEY] = time.time()  # the idle clock starts at sign-in
        if request.session.session_key is None:
            request.session.save()
        services.session_track(user=user, request=request)


@receiver(user_logged_out, dispatch_uid="accounts-logout-revokes")
def _logout_revokes(sender, request, user, **kwargs):
    """Signing out ends the session's row and the user's API token (等保: no credential outlives logout)."""
    if request is not None and hasattr(request, "session"):
        services.session_forget(session_key=request.session.session_key)
    if user is not None:
        services.token_revoke(user=user, request=request, reason="logout")


@receiver(user_locked_out, dispatch_uid="accounts-announce-lockout")
def _announce_lockout(sender, request, username, ip_address, **kwargs):
    services.lockout_announced(username=username, request=request)
