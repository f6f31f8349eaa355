"""POST /api/v1/auth/token/ and /api/v1/auth/logout/: tokens that expire, after 2FA where due."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import match_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy, services
from accounts.lockout import lockout_message
from hall.throttling import ProxyAwareScopedRateThrottle


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("用户名"))
    password = serializers.CharField(
        label=gettext_lazy("密码"), trim_whitespace=False, style={"input_type": "password"}
    )
    otp = serializers.CharField(
        label=gettext_lazy("两步验证码"),
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("已启用两步验证的账号（管理员、督查必须启用）填写验证器上的6位动态码或一个恢复码。"),
    )


_TOKEN_RESPONSE = inline_serializer(
    "AuthTokenResponse", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
)


def _locked(request):
    return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)


class TokenView(APIView):
    """Username + password (+ `otp` for accounts with two-factor sign-in) for a token that expires."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ProxyAwareScopedRateThrottle]
    throttle_scope = "auth-token"

    @extend_schema(request=TokenRequestSerializer, responses={200: _TOKEN_RESPONSE}, tags=["auth"])
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        http = request._request  # axes marks and counts on the Django request
        user = authenticate(request=http, username=data["username"], password=data["password"])
        if getattr(http, "axes_locked_out", False):
            return _locked(request)
        if user is None:
            return Response({"non_field_errors": [_("用户名或密码不正确。")]}, status=status.HTTP_400_BAD_REQUEST)
        if policy.needs_otp(user):
            if not policy.has_otp_device(user):
                return Response(
                    {"detail": _("您的账号须先在网页上启用两步验证（登录后按提示绑定验证器），再申请接口令牌。")},
                    status=status.HTTP_403_FORBIDDEN,
                )
            code = (data.get("otp") or "").strip()
            if not code:
                return Response({"otp": [_("请填写两步验证码。")]}, status=status.HTTP_400_BAD_REQUEST)
            if match_token(user, code) is None:
                services.otp_failed(user=user, request=http, door="api-token")
                # A wrong code counts toward the lockout like a wrong password.
                credentials = {"username": user.get_username()}
                user_login_failed.send(sender=__name__, credentials=credentials, request=http)
                if getattr(http, "axes_locked_out", False) or not AxesProxyHandler.is_allowed(http, credentials):
                    return _locked(request)
                return Response({"otp": [_("两步验证码不正确或已过期。")]}, status=status.HTTP_400_BAD_REQUEST)
            services.otp_verified(user=user, request=http, door="api-token")
        if policy.password_expired(user):
            return Response(
                {"detail": _("您的密码已到期，请先在网页上修改密码，再申请接口令牌。")},
                status=status.HTTP_403_FORBIDDEN,
            )
        # A token is this door's sign-in: clear the failure count as a page sign-in does.
        AxesProxyHandler.user_logged_in(sender=__name__, request=http, user=user)
        token = services.token_issue(user=user, request=http)
        return Response({"token": token.key, "expires_at": policy.token_expires_at(token)})


class LogoutView(APIView):
    """Revoke the caller's API token (a session signed in on a page stays; sign out there)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request):
        services.token_revoke(user=request.user, request=request._request, reason="api-logout")
        return Response(status=status.HTTP_204_NO_CONTENT)
