"""Admin: unlock a locked-out account or address, reset someone's two-factor sign-in, and a
page listing the security settings in force (/admin/security-settings/)."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors, services
from accounts.models import UserSession
from hall.constants import Role
from hall.selectors import staff_profile_of

User = get_user_model()


@admin.action(description=gettext_lazy("解除所选账号的登录锁定"), permissions=["change"])
def unlock_users(modeladmin, request, queryset):
    usernames = [u.get_username() for u in queryset]
    services.unlock(by=request.user, request=request, usernames=usernames)
    modeladmin.message_user(request, _("已解除 %(n)d 个账号的登录锁定。") % {"n": len(usernames)}, messages.SUCCESS)


@admin.action(description=gettext_lazy("重置所选账号的两步验证"), permissions=["change"])
def reset_otp(modeladmin, request, queryset):
    for user in queryset:
        services.otp_reset(user=user, by=request.user, request=request)
    modeladmin.message_user(
        request,
        _("已重置 %(n)d 个账号的两步验证；这些账号下次登录时须重新绑定验证器。") % {"n": queryset.count()},
        messages.SUCCESS,
    )


# Extend whichever User admin is registered (Django's, or a project's own) with the two actions.
_UserAdmin = type(admin.site._registry[User]) if admin.site.is_registered(User) else admin.ModelAdmin


class HallUserAdmin(_UserAdmin):
    actions = [*(getattr(_UserAdmin, "actions", None) or []), unlock_users, reset_otp]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, HallUserAdmin)


@admin.action(description=gettext_lazy("解锁（清除所选失败记录）"), permissions=["delete"])
def unlock_attempts(modeladmin, request, queryset):
    rows = list(queryset)
    services.unlock(
        by=request.user,
        request=request,
        usernames=sorted({r.username for r in rows if r.username}),
        addresses=sorted({r.ip_address for r in rows if r.ip_address}),
    )
    modeladmin.message_user(request, _("已解锁。"), messages.SUCCESS)


class HallAccessAttemptAdmin(AccessAttemptAdmin):
    actions = [unlock_attempts]


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, HallAccessAttemptAdmin)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_seen_at", "masked_address"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "session_key", "created_at", "last_seen_at", "masked_address", "user_agent"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _may_see_security_settings(user):
    if user.is_superuser:
        return True
    profile = staff_profile_of(user)
    return profile is not None and profile.role == Role.HALL_ADMIN


def security_settings_view(request):
    if not _may_see_security_settings(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("安全设置"),
        "rows": selectors.security_settings(),
    }
    return TemplateResponse(request, "admin/accounts/security_settings.html", context)


_admin_urls = admin.site.get_urls


def _get_urls():
    return [
        path("security-settings/", admin.site.admin_view(security_settings_view), name="security-settings"),
        *_admin_urls(),
    ]


admin.site.get_urls = _get_urls
