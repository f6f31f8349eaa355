"""The applicant's side: rate a delivered case (portal or SMS link), see the 差评's outcome and rate it
again, file a complaint online."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals.models import Case
from evaluations import selectors, services
from evaluations.constants import ComplaintSource, OccasionKind, RatingChannel
from evaluations.forms import error_dict, rating_form_context, rating_input
from portal.views_common import applicant_required, no_store


@require_safe
@applicant_required
@no_store
def my_ratings(request):
    context = {
        "occasions": selectors.my_online_occasions(user=request.user)[:50],
        "tickets": selectors.my_tickets(user=request.user)[:50],
    }
    return render(request, "evaluations/my_ratings.html", context)


def _rate(request, occasion, *, channel, by, template, done_url):
    if request.method == "POST":
        values = rating_input(request.POST, OccasionKind.ONLINE)
        try:
            services.rating_submit(occasion=occasion, channel=channel, by=by, **values)
        except ValidationError as exc:
            ctx = {"occasion": occasion, **rating_form_context(OccasionKind.ONLINE, request.POST, error_dict(exc))}
            return render(request, template, ctx, status=400)
        except services.EvaluationConflict as exc:
            return render(request, template, {"occasion": occasion, "conflict": str(exc)}, status=409)
        messages.success(request, _("感谢您的评价！"))
        return redirect(done_url)
    return render(request, template, {"occasion": occasion, **rating_form_context(OccasionKind.ONLINE)})


@require_http_methods(["GET", "POST"])
@applicant_required
@no_store
def rate_case(request, number):
    occasion = selectors.my_occasion(user=request.user, number=number)  # 404 unless it is theirs
    return _rate(
        request,
        occasion,
        channel=RatingChannel.PORTAL,
        by=request.user,
        template="evaluations/rate_online.html",
        done_url="evaluations:my-ratings",
    )


@require_http_methods(["GET", "POST"])
@no_store
def sms_rate(request, token):
    """The one-time SMS link: no login; the token is spent by the rating."""
    occasion = selectors.occasion_by_token(token=token)
    if request.method == "POST":
        values = rating_input(request.POST, OccasionKind.ONLINE)
        try:
            services.rating_submit(occasion=occasion, channel=RatingChannel.SMS, **values)
        except ValidationError as exc:
            ctx = {
                "occasion": occasion,
                "sms": True,
                **rating_form_context(OccasionKind.ONLINE, request.POST, error_dict(exc)),
            }
            return render(request, "evaluations/rate_online.html", ctx, status=400)
        except services.EvaluationConflict as exc:
            return render(
                request,
                "evaluations/rate_online.html",
                {"occasion": occasion, "sms": True, "conflict": str(exc)},
                status=409,
            )
        return render(request, "evaluations/rate_online.html", {"occasion": occasion, "sms": True, "thanks": True})
    return render(
        request,
        "evaluations/rate_online.html",
        {"occasion": occasion, "sms": True, **rating_form_context(OccasionKind.ONLINE)},
    )


@require_POST
@applicant_required
def rerate(request, pk):
    ticket = selectors.my_tickets(user=request.user).filter(pk=pk).first()
    if ticket is None:
        from django.http import Http404

        raise Http404
    try:
        services.ticket_rerate(ticket=ticket, score=request.POST.get("score"), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.EvaluationConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("感谢您对整改结果的评价。"))
    return redirect("evaluations:my-ratings")


@require_http_methods(["GET", "POST"])
@applicant_required
@no_store
def complain(request):
    cases = Case.objects.filter(applicant_user=request.user).exclude(state="draft").select_related("item")[:50]
    context = {"cases": cases, "values": {}, "errors": {}}
    if request.method == "POST":
        number = request.POST.get("case", "")
        case = cases.model.objects.filter(applicant_user=request.user, number=number).first() if number else None
        try:
            services.complaint_file(
                source=ComplaintSource.PORTAL,
                subject=request.POST.get("subject"),
                content=request.POST.get("content"),
                case=case,
                by=request.user,
            )
        except ValidationError as exc:
            context.update(values=request.POST, errors=error_dict(exc))
            return render(request, "evaluations/complain.html", context, status=400)
        messages.success(request, _("投诉已提交，投诉窗口将在当天（工作日）内处理并回复您。"))
        return redirect("evaluations:my-ratings")
    return render(request, "evaluations/complain.html", context)
