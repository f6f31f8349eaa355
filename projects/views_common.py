"""What the pages of this app share: the guards and how a service's refusal is shown."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from projects.selectors import role_of
from projects.services import ProjectsConflict


def staff_page(*roles):
    """Signed-in staff (anonymous → login); with roles, only those (others → 404: the page is not theirs)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            role = role_of(request.user)
            if role is None or (roles and role not in roles):
                raise Http404(_("页面不存在或您无权查看。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def error_text(exc):
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("操作未完成。")


def run(request, call, *, on_error):
    """Call a service; on refusal show its Chinese message on the page again with the right status
    (400 bad input, 403 not allowed, 409 not allowed now). Returns (result, None) or (None, response)."""
    try:
        return call(), None
    except ValidationError as exc:
        status = getattr(exc, "http_status", 400)
        text = error_text(exc)
    except PermissionDenied as exc:
        status = 403
        text = error_text(exc)
    except (ProjectsConflict, TransitionNotAllowed, ConcurrentTransition) as exc:
        status = 409
        text = error_text(exc)
    messages.error(request, text)
    response = on_error()
    response.status_code = status
    return None, response


def form_errors(form):
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}{'：' if k in form.fields else ''}{'，'.join(v)}"
        for k, v in form.errors.items()
    )
