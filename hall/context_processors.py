from django.conf import settings


def hall(request):
    """The hall's name on every page, and the upload limit the browser checks before sending a file."""
    limit = settings.HALL_UPLOAD_MAX_BYTES
    return {
        "HALL_NAME": settings.HALL_NAME,
        "HALL_UPLOAD_MAX_BYTES": limit,
        "HALL_UPLOAD_MAX_MB": f"{limit / 1024 / 1024:g}",
    }
