"""What the portal's pages share: the login rule for applicants and tolerant links."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.urls import NoReverseMatch, reverse

LOGIN_URL = "portal:login"


def applicant_required(view):
    """Signed in (else to the portal's login page, coming back here afterwards)."""
    return login_required(view, login_url=LOGIN_URL)


def maybe_url(name, **kwargs):
    """A URL of a page another part of the hall owns, or None while it is not built."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def base_url(request):
    """Scheme and host the QR codes point at."""
    return request.build_absolute_uri("/").rstrip("/")


def no_store(view):
    """Personal pages are never cached by a shared proxy or the back button."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.setdefault("Cache-Control", "no-store, private")
        return response

    return wrapped
