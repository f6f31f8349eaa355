from django.conf import settings


def hall(request):
    """The hall's name on every page."""
    return {"HALL_NAME": settings.HALL_NAME}
