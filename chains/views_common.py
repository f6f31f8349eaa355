"""What the chain pages share (the portal's rules, without importing the portal: nothing imports it)."""

from functools import wraps

from django.contrib.auth.decorators import login_required


def applicant_required(view):
    """Signed in (else to the online hall's login page, coming back here afterwards)."""
    return login_required(view, login_url="portal:login")


def no_store(view):
    """Personal pages are never cached by a shared proxy or the back button."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.setdefault("Cache-Control", "no-store, private")
        return response

    return wrapped
