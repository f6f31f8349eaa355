"""The applicant's pages of 帮办代办 in the online hall: ask for help, confirm or revoke a 委托书."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.views_common import applicant_required, no_store
from projects import forms, selectors, services
from projects.views_common import form_errors, run


@applicant_required
@no_store
def my_agency(request, *, form=None):
    authorisations = list(selectors.authorisations_visible_to(request.user).filter(applicant=request.user))
    # the cases each agent carries for the applicant: one query for all authorisations
    cases_by_agent = {}
    agent_ids = {a.agent.user_id for a in authorisations}
    cases = request.user.applied_cases.filter(agent_id__in=agent_ids).order_by("-created_at").select_related("item")
    for case in cases:
        cases_by_agent.setdefault(case.agent_id, []).append(case)
    for a in authorisations:
        a.agent_cases = list(cases_by_agent.get(a.agent.user_id, []))
    return render(
        request,
        "projects/portal_agency.html",
        {
            "authorisations": authorisations,
            "help_requests": selectors.help_requests_visible_to(request.user).filter(applicant=request.user),
            "form": form
            or forms.HelpRequestForm(initial={"chain": request.GET.get("chain"), "item": request.GET.get("item")}),
        },
    )


@require_POST
@applicant_required
def ask(request):
    form = forms.HelpRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        response = my_agency(request, form=form)
        response.status_code = 400
        return response
    d = form.cleaned_data
    row, failed = run(
        request,
        lambda: services.help_request_create(
            kind=d["kind"], item=d["item"], chain=d["chain"], note=d["note"], by=request.user
        ),
        on_error=lambda: my_agency(request, form=form),
    )
    if failed:
        return failed
    messages.success(
        request,
        _("已提交%(kind)s申请 %(number)s，大厅将在 %(due)s 前为您指派代办员。")
        % {
            "kind": row.get_kind_display(),
            "number": row.number,
            "due": timezone.localtime(row.due_at).strftime("%Y-%m-%d %H:%M"),
        },
    )
    return redirect("projects:my-agency")


@require_POST
@applicant_required
def confirm(request, pk):
    authorisation = selectors.authorisation_get(user=request.user, pk=pk)
    _done, failed = run(
        request,
        lambda: services.authorisation_confirm(authorisation=authorisation, by=request.user),
        on_error=lambda: my_agency(request),
    )
    if failed:
        return failed
    messages.success(request, _("您已确认委托书 %(number)s，代办员可以为您办理了。") % {"number": authorisation.number})
    return redirect("projects:my-agency")


@require_POST
@applicant_required
def revoke(request, pk):
    authorisation = selectors.authorisation_get(user=request.user, pk=pk)
    form = forms.RevokeForm(request.POST)
    form.is_valid()
    _done, failed = run(
        request,
        lambda: services.authorisation_revoke(
            authorisation=authorisation, by=request.user, reason=form.cleaned_data.get("reason", "")
        ),
        on_error=lambda: my_agency(request),
    )
    if failed:
        return failed
    messages.success(request, _("委托书 %(number)s 已撤销，代办员不能再为您办理。") % {"number": authorisation.number})
    return redirect("projects:my-agency")
