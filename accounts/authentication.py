"""API tokens that expire (HALL_API_TOKEN_LIFETIME_SECONDS after issue)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts import policy, token_cache


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        # The token, its user and staff profile: from the cache when warm (accounts.token_cache),
        # else one query. Expiry and is_active are checked on every request either way.
        token = token_cache.fetch(key=key, load=self.load_token)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if policy.token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("接口令牌已过期，请重新获取。"))
        user = token.user
        user._hall_staff_profile = getattr(user, "staff_profile", None)  # None: not staff
        return user, token

    def load_token(self, key):
        """One query: the token, its user and the user's staff profile (with department and
        window), which hall.selectors.staff_profile_of then reads from the user object; None
        when there is no such token."""
        model = self.get_model()
        try:
            # Only what nearly every request reads: each further join (the window's department,
            # the halls) cost about a millisecond of planning and building on every request;
            # the few requests that read them pay one query instead.
            return model.objects.select_related(
                "user",
                "user__staff_profile",
                "user__staff_profile__department",
                "user__staff_profile__window",
            ).get(key=key)
        except model.DoesNotExist:
            return None
