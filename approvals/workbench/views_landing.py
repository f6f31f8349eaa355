"""/workbench/: send each signed-in person to the page their role starts from."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from approvals.workbench.helpers import landing_url


def workbench(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return redirect(landing_url(request.user))
