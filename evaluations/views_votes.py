"""最难办事科室: the public ballot, the published ranking, and the organisers' page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals.workbench.helpers import staff_required
from evaluations import selectors, services
from evaluations.constants import Behaviour, CampaignState
from evaluations.forms import error_dict
from evaluations.models import Campaign, CampaignOffice
from hall.constants import Role

ORGANISERS = (Role.SUPERVISOR, Role.HALL_ADMIN)
WORST = 10


@require_http_methods(["GET", "POST"])
def vote(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    context = {
        "campaign": campaign,
        "offices": campaign.offices.select_related("department"),
        "behaviours": Behaviour.choices,
        "open": campaign.is_open_on(timezone.localdate()),
        "values": {},
        "errors": {},
    }
    if request.method == "POST":
        post = request.POST
        try:
            services.ballot_cast(
                campaign=campaign,
                office_id=post.get("office") if (post.get("office") or "").isdigit() else None,
                behaviours=post.getlist("behaviours"),
                example=post.get("example"),
                voter=post.get("voter"),
            )
        except ValidationError as exc:
            context.update(
                values={**post.dict(), "behaviours": post.getlist("behaviours"), "voter": ""}, errors=error_dict(exc)
            )
            return render(request, "evaluations/vote.html", context, status=400)
        except services.EvaluationConflict as exc:
            context.update(errors={"form": str(exc)})
            return render(request, "evaluations/vote.html", context, status=409)
        context["thanks"] = True
    return render(request, "evaluations/vote.html", context)


@require_safe
def results(request, pk):
    campaign = selectors.published_campaign(pk)  # 404 until published
    rows = [r for r in selectors.campaign_results(campaign) if r["ballots"]][:WORST]
    return render(request, "evaluations/vote_results.html", {"campaign": campaign, "rows": rows})


@require_safe
@staff_required(*ORGANISERS)
def campaigns(request):
    items = selectors.campaigns_with_results(list(Campaign.objects.all()[:20]))
    return render(request, "evaluations/campaigns.html", {"items": items, "published": CampaignState.PUBLISHED})


@require_POST
@staff_required(*ORGANISERS)
def publish(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        services.campaign_publish(campaign=campaign, by=request.user)
    except services.EvaluationConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("评议结果已公布。"))
    return redirect("evaluations:campaigns")


@require_POST
@staff_required(*ORGANISERS)
def followup(request, pk):
    office = get_object_or_404(CampaignOffice, pk=pk)
    try:
        services.followup_record(
            office=office,
            finding=request.POST.get("finding"),
            rectified=request.POST.get("rectified") == "1",
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.EvaluationConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已记录跟踪检查。"))
    return redirect("evaluations:campaigns")
