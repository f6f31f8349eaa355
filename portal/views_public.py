"""Pages without login: the portal's home, the progress query (办件查询) and certificate verification."""

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import selectors
from portal.forms import ProgressForm
from portal.views_common import maybe_url, no_store
from portal.wording import plain_case, plain_state

# Failed progress queries allowed per client address per window (guessing codes is pointless).
QUERY_LIMIT, QUERY_WINDOW_SECONDS = 20, 600


@require_safe
def home(request):
    recent = []
    if request.user.is_authenticated:
        recent = list(selectors.my_cases(user=request.user)[:3])
        for case in recent:
            case.plain = plain_case(case, kind=case.suspension_kind)
    context = {"recent": recent, "guide_url": maybe_url("catalog:guide-list")}
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@no_store
def progress(request):
    """POST, not GET: the query code is a password for the case and stays out of URLs and access logs."""
    form = ProgressForm(request.POST if request.method == "POST" else None)
    case, not_found, limited = None, False, False
    key = f"portal:progress-fail:{request.META.get('REMOTE_ADDR', '')}"
    if request.method == "POST" and form.is_valid():
        if cache.get(key, 0) >= QUERY_LIMIT:
            limited = True
        else:
            case = selectors.public_progress(**form.cleaned_data)
            if case is None:
                not_found = True
                cache.set(key, cache.get(key, 0) + 1, QUERY_WINDOW_SECONDS)
            else:
                case.plain = plain_state(case.state)
    timeline = selectors.compact_timeline(case.event_rows)[::-1] if case is not None else []
    context = {"form": form, "case": case, "not_found": not_found, "limited": limited, "timeline": timeline}
    status = 429 if limited else (404 if not_found else 200)
    if limited:
        form.add_error(None, _("查询失败次数过多，请10分钟后再试。"))
    return render(request, "portal/progress.html", context, status=status)


@require_safe
def verify(request, code):
    result = selectors.verification(code=code)
    return render(request, "portal/verify.html", {"result": result, "code": code}, status=200 if result else 404)
