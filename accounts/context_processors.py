from django.conf import settings
from django.urls import reverse

from accounts import policy


def idle_logout(request):
    """Tells base.html to load the idle-logout warning script on a signed-in staff member's pages."""
    user = getattr(request, "user", None)
    if not settings.HALL_IDLE_TIMEOUT_SECONDS or not policy.is_staff_user(user):
        return {}
    return {
        "hall_idle": {
            "timeout": settings.HALL_IDLE_TIMEOUT_SECONDS,
            "warning": min(settings.HALL_IDLE_WARNING_SECONDS, settings.HALL_IDLE_TIMEOUT_SECONDS),
            "keepalive_url": reverse("accounts:keepalive"),
        },
        "hall_security_url": reverse("accounts:security"),
    }
