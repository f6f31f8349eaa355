"""Kiosks, call screens and locker terminals authenticate with a device token:
`Authorization: Device <token>` (tokens from hallfloor.services.device_create)."""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from hall.selectors import staff_profile_of
from hallfloor.models import Device
from hallfloor.sealing import keyed_hash


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Device"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("设备令牌格式错误。")
        device = Device.objects.filter(token_hash=keyed_hash(header[1].decode(errors="ignore")), is_active=True).first()
        if device is None:
            raise exceptions.AuthenticationFailed("设备令牌无效或已停用。")
        return AnonymousUser(), device

    def authenticate_header(self, request):
        return self.keyword


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "hallfloor.api_auth.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Device <token>"}


def device_of(request, *kinds):
    device = request.auth if isinstance(request.auth, Device) else None
    if device is not None and (not kinds or device.kind in kinds):
        return device
    return None


class IsDevice(permissions.BasePermission):
    """A device of one of `kinds` (set on the view as device_kinds)."""

    message = "需要取号机、叫号屏或文件柜终端的设备令牌。"

    def has_permission(self, request, view):
        return device_of(request, *getattr(view, "device_kinds", ())) is not None


class IsStaff(permissions.BasePermission):
    message = "仅限大厅工作人员。"

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (staff_profile_of(user) is not None or user.is_superuser))


class IsApplicantOrStaff(permissions.BasePermission):
    message = "请先登录。"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)
