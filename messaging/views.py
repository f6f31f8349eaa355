"""The applicant's messages in the online hall (/online/messages/)."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from messaging import selectors, services
from messaging.forms import PreferenceForm
from portal.views_common import applicant_required, no_store


@applicant_required
@no_store
def inbox(request):
    rows = selectors.inbox_of(request.user)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    form = PreferenceForm(initial={"sms_opt_out": selectors.sms_opt_out_of(request.user)})
    return render(
        request,
        "messaging/inbox.html",
        {"page": page, "unread": selectors.unread_count(request.user), "form": form},
    )


@require_POST
@applicant_required
def mark_read(request, pk):
    if not selectors.inbox_of(request.user).filter(pk=pk).exists():
        raise Http404
    services.message_mark_read(user=request.user, message_id=pk)
    return redirect("messaging:inbox")


@require_POST
@applicant_required
def mark_all_read(request):
    services.message_mark_read(user=request.user)
    return redirect("messaging:inbox")


@require_POST
@applicant_required
def preferences(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        opt_out = form.cleaned_data["sms_opt_out"]
        services.preference_set_sms_opt_out(user=request.user, opt_out=opt_out)
        flash.success(request, _("已退订短信通知，站内消息照常发送。") if opt_out else _("已开通短信通知。"))
    return redirect("messaging:inbox")
