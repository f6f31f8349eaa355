from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _hall_name(request):
    """The name of the hall the signed-in staff member works in (the home hall's otherwise)."""
    from hall.selectors import staff_profile_of

    profile = staff_profile_of(getattr(request, "user", None))
    if profile is not None and profile.hall_id:
        return profile.hall.name
    return settings.HALL_NAME


def hall(request):
    """The hall's name on every page, and the upload limit the browser checks before sending a file."""
    limit = settings.HALL_UPLOAD_MAX_BYTES
    return {
        # Lazy: pages that never print the name never look the profile up.
        "HALL_NAME": SimpleLazyObject(lambda: _hall_name(request)),
        "HALL_UPLOAD_MAX_BYTES": limit,
        "HALL_UPLOAD_MAX_MB": f"{limit / 1024 / 1024:g}",
    }
