"""What every workbench view shares: the staff guard, the landing, and how service errors show."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hall.constants import Role, WindowKind
from hall.selectors import staff_profile_of

# The message a clerk sees when someone else moved the case first (HTTP 409).
CONFLICT_MESSAGE = gettext_lazy("其他人已处理该办件，页面已刷新为最新状态，请核对后再操作。")


def staff_required(*roles):
    """Signed-in staff only (anonymous users go to the login page); `roles` narrows it further."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            profile = staff_profile_of(request.user)
            if profile is None and not request.user.is_superuser:
                raise PermissionDenied(_("此页面仅供大厅工作人员使用。"))
            role = profile.role if profile is not None else Role.HALL_ADMIN  # a superuser acts as hall admin
            if roles and role not in roles:
                raise PermissionDenied(_("您的岗位不能使用此工作台。"))
            request.staff = profile
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_specialised(profile):
    return bool(profile and profile.window and profile.window.kind == WindowKind.SPECIALISED)


def landing_url(user):
    """Where a signed-in user starts the day (DESIGN.md §7 roles)."""
    profile = staff_profile_of(user)
    if profile is None:
        if user.is_superuser:
            return reverse("admin:index")
        return _first_url("portal:home", "home")
    return {
        Role.FRONT_DESK: reverse("approvals:desk"),
        Role.REVIEWER: reverse("approvals:inbox"),
        Role.CHIEF: reverse("approvals:inbox"),
        Role.DELIVERY: reverse("approvals:delivery"),
        Role.SUPERVISOR: _first_url("supervision:board", "home"),
        Role.HALL_ADMIN: reverse("admin:index"),
    }.get(profile.role, reverse("home"))


def _first_url(*names):
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/"


def add_service_errors(form, exc, field_map=None):
    """Put a service's ValidationError next to the fields that caused it (unknown keys on top)."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            field = field_map.get(key, key)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
