"""The window's evaluation pad (评价器): the clerk's trigger page and the tablet facing the applicant."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from approvals import selectors as case_selectors
from approvals.workbench.helpers import staff_required
from evaluations import selectors, services
from evaluations.constants import OccasionKind, OccasionStatus, RatingChannel
from evaluations.forms import error_dict, rating_form_context, rating_input
from evaluations.models import RatingOccasion
from evaluations.services.occasions import PAD_ROLES


def _window_context(request, **extra):
    window = request.staff.window
    pending = (
        RatingOccasion.objects.filter(
            window=window, kind=OccasionKind.WINDOW, status=OccasionStatus.PENDING, case__isnull=False
        )
        .select_related("case", "case__item")
        .order_by("-created_at")[:10]
        if window
        else []
    )
    return {
        "window": window,
        "pad_url": request.build_absolute_uri(
            reverse("evaluations:pad", args=[window.number, selectors.pad_key(window)])
        )
        if window
        else "",
        "pending": pending,
        "recent": selectors.recent_window_occasions(window=window) if window else [],
        **extra,
    }


@require_safe
@staff_required(*PAD_ROLES)
def window_page(request):
    return render(request, "evaluations/window.html", _window_context(request))


@require_POST
@staff_required(*PAD_ROLES)
def trigger(request):
    """邀请评价: push an occasion to this window's pad (a case of this window, or the visit itself)."""
    number = (request.POST.get("case") or "").strip()
    case = case_selectors.case_detail(user=request.user, number=number) if number else None  # 404 if not visible
    try:
        services.occasion_present(by=request.user, case=case)
    except ValidationError as exc:
        return render(
            request, "evaluations/window.html", _window_context(request, error=" ".join(exc.messages)), status=400
        )
    except services.EvaluationConflict as exc:
        return render(request, "evaluations/window.html", _window_context(request, error=str(exc)), status=409)
    messages.success(request, _("已推送到评价器，请办事群众在评价器上评价。"))
    return redirect("evaluations:window")


# ----------------------------------------------------------------------------- the pad (no login)


def _pad_context(window, occasion, **extra):
    context = {"window": window, "occasion": occasion, "current": occasion.pk if occasion else ""}
    if "current" in extra:
        context["current"] = extra.pop("current")
    if occasion is not None:
        staff = occasion.staff
        profile = getattr(staff, "staff_profile", None) if staff else None
        context["clerk"] = {
            "name": (staff.get_full_name() or staff.get_username()) if staff else "",
            "number": f"{staff.pk:04d}" if staff else "",
            "role": profile.get_role_display() if profile else "",
        }
        context.update(rating_form_context(OccasionKind.WINDOW, extra.pop("values", None), extra.pop("errors", None)))
    context.update(extra)
    return context


@require_safe
def pad(request, number, key):
    window = selectors.pad_window(number=number, key=key)
    occasion = selectors.pad_occasion(window=window)
    response = render(request, "evaluations/pad.html", _pad_context(window, occasion))
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def pad_poll(request, number, key):
    """htmx every 2 s: 204 while the pad shows the right thing, else the new screen."""
    window = selectors.pad_window(number=number, key=key)
    occasion = selectors.pad_occasion(window=window)
    current = request.GET.get("current", "")
    if str(occasion.pk if occasion else "") == current:
        return HttpResponse(status=204)
    return render(request, "evaluations/_pad_body.html", _pad_context(window, occasion))


@require_POST
def pad_rate(request, number, key, occasion_id):
    window = selectors.pad_window(number=number, key=key)
    occasion = RatingOccasion.objects.filter(pk=occasion_id, window=window, kind=OccasionKind.WINDOW).first()
    template = "evaluations/_pad_body.html" if request.htmx else "evaluations/pad.html"
    if occasion is None:
        return render(request, template, _pad_context(window, None, gone=True), status=404)
    values = rating_input(request.POST, OccasionKind.WINDOW)
    try:
        services.rating_submit(occasion=occasion, channel=RatingChannel.PAD, **values)
    except ValidationError as exc:
        return render(
            request, template, _pad_context(window, occasion, values=request.POST, errors=error_dict(exc)), status=400
        )
    except services.EvaluationConflict as exc:
        return render(request, template, _pad_context(window, None, conflict=str(exc)), status=409)
    return render(request, template, _pad_context(window, None, thanks=True, current="thanks"))
