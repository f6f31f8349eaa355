"""API tokens that expire (HALL_API_TOKEN_LIFETIME_SECONDS after issue)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts import policy


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if policy.token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("接口令牌已过期，请重新获取。"))
        return user, token
