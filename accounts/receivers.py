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


# --- The API token cache (accounts.token_cache): whatever the token query read changes -----


def _connect_token_cache():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from accounts import token_cache

    def forget_token(sender, instance, created=False, **kwargs):
        if not created:  # a new key has no entry (and a tombstone would keep it out of the cache)
            token_cache.forget_tokens(keys=[instance.pk])

    def forget_user(sender, instance, created=False, **kwargs):
        if not created:  # a new user has no token yet
            token_cache.forget_user(user_id=instance.pk)

    def forget_profile_user(sender, instance, **kwargs):
        token_cache.forget_user(user_id=instance.user_id)

    def forget_all(sender, **kwargs):
        token_cache.forget_all()

    def forget_member(sender, instance, action, reverse, **kwargs):
        if action.startswith("post_"):
            if reverse:  # group.user_set / permission.user_set: many users at once
                token_cache.forget_all()
            else:
                token_cache.forget_user(user_id=instance.pk)

    def forget_group_permissions(sender, action, **kwargs):
        if action.startswith("post_"):
            token_cache.forget_all()

    per_object = [
        ("authtoken.Token", forget_token),
        (settings.AUTH_USER_MODEL, forget_user),
        ("hall.StaffProfile", forget_profile_user),
        ("catalog.Department", forget_all),
        ("hall.Window", forget_all),
        ("auth.Group", forget_all),
    ]
    for label, handler in per_object:
        post_save.connect(handler, sender=label, weak=False, dispatch_uid=f"accounts-token-cache-{label}-save")
        post_delete.connect(handler, sender=label, weak=False, dispatch_uid=f"accounts-token-cache-{label}-delete")
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through):
        uid = f"accounts-token-cache-{through._meta.label}"
        m2m_changed.connect(forget_member, sender=through, weak=False, dispatch_uid=uid)
    m2m_changed.connect(
        forget_group_permissions,
        sender=Group.permissions.through,
        weak=False,
        dispatch_uid="accounts-token-cache-group-permissions",
    )


_connect_token_cache()
