"""Staff pages of 帮办代办: the agent's queue and case page, and the hall's 帮办代办 desk."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals import selectors as case_selectors
from approvals import services as case_services
from chains import forms as chain_forms
from chains import selectors as chain_selectors
from hall.constants import Role
from hall.crypto import blind_index
from hall.models import ApplicantProfile
from projects import forms, selectors, services
from projects.constants import HelpState
from projects.views_common import form_errors, run, staff_page

DESK = (Role.FRONT_DESK, Role.HALL_ADMIN)


# --------------------------------------------------------------------------- the agent


@staff_page(Role.AGENT)
def agent_queue(request):
    agent = selectors.agent_of(request.user)
    if agent is None:
        raise Http404(_("您不是在岗的代办员。"))
    return render(
        request,
        "projects/agent_queue.html",
        {
            "agent": agent,
            "cases": selectors.agent_queue(user=request.user),
            "figures": selectors.agent_figures(user=request.user),
            "authorisations": selectors.authorisations_visible_to(request.user),
            "help_requests": selectors.help_requests_visible_to(request.user).filter(state=HelpState.ASSIGNED),
            "notices": selectors.notices_for(user=request.user)[:10],
        },
    )


@staff_page(Role.AGENT, *DESK, Role.SUPERVISOR)
def authorisation_detail(request, pk):
    authorisation = selectors.authorisation_get(user=request.user, pk=pk)
    agent = selectors.agent_of(request.user)
    apply_form = None
    chain_forms = []
    own = agent is None or authorisation.agent_id == agent.pk
    if agent is not None and authorisation.agent_id == agent.pk and authorisation.is_live():
        apply_form = forms.AgentApplyForm(items=selectors.covered_items(authorisation))
        chains = list(authorisation.chains.filter(is_active=True).order_by("pk"))
        merged = chain_selectors.merged_materials_of(chains)  # all chains' materials at once
        chain_forms = [{"chain": chain, "materials": merged[chain.pk]} for chain in chains]
    return render(
        request,
        "projects/authorisation.html",
        {
            "a": authorisation,
            "items": selectors.covered_items(authorisation),
            "apply_form": apply_form,
            "chain_forms": chain_forms,
            "chain_applications": chain_selectors.applications_visible_to(request.user).filter(
                applicant_user=authorisation.applicant, submitted_by=authorisation.agent.user
            )
            if own
            else [],
            "cases": authorisation.applicant.applied_cases.filter(agent=authorisation.agent.user).select_related("item")
            if own
            else [],
        },
    )


@staff_page(Role.AGENT, *DESK, Role.SUPERVISOR)
def authorisation_scan(request, pk):
    authorisation = selectors.authorisation_get(user=request.user, pk=pk)
    if not authorisation.scan:
        raise Http404(_("该委托书没有扫描件。"))
    return FileResponse(authorisation.scan.open("rb"), as_attachment=False, filename=f"{authorisation.number}.pdf")


@require_POST
@staff_page(Role.AGENT)
def agent_apply(request, pk):
    authorisation = selectors.authorisation_get(user=request.user, pk=pk)
    form = forms.AgentApplyForm(request.POST, items=selectors.covered_items(authorisation))
    if not form.is_valid():
        messages.error(request, form_errors(form))
        response = authorisation_detail(request, pk)
        response.status_code = 400
        return response
    case, failed = run(
        request,
        lambda: services.agent_apply(authorisation=authorisation, item=form.cleaned_data["item"], by=request.user),
        on_error=lambda: authorisation_detail(request, pk),
    )
    if failed:
        return failed
    messages.success(request, _("已为申请人创建办件 %(number)s，请上传材料后提交。") % {"number": case.number})
    return redirect("projects:agent-case", number=case.number)


@require_POST
@staff_page(Role.AGENT)
def agent_apply_chain(request, pk, code):
    """代为申请一件事: the chain's merged materials uploaded once; one case per item for the applicant."""
    authorisation = selectors.authorisation_get(user=request.user, pk=pk)
    chain = authorisation.chains.filter(code=code).first()
    if chain is None:
        raise Http404(_("该一件事不在委托范围内。"))
    app, failed = run(
        request,
        lambda: services.agent_apply_chain(
            authorisation=authorisation,
            chain=chain,
            by=request.user,
            files=chain_forms.files_from(request, chain=chain),
            form=chain_forms.form_data_from(request),
        ),
        on_error=lambda: authorisation_detail(request, pk),
    )
    if failed:
        return failed
    messages.success(
        request,
        _("已为申请人提交一件事“%(chain)s”（编号%(number)s），各事项已分送相关部门办理。")
        % {"chain": chain.name, "number": app.number},
    )
    return redirect("projects:authorisation", pk=pk)


def _agent_case(request, number):
    """The case if the agent may see it now (a live authorisation covers it), else 404."""
    case = case_selectors.case_detail(user=request.user, number=number)
    if case.agent_id != request.user.pk:
        raise Http404(_("办件不存在或您无权查看。"))
    return case


@staff_page(Role.AGENT)
def agent_case(request, number):
    case = _agent_case(request, number)
    from approvals import policies
    from approvals.constants import Action

    return render(
        request,
        "projects/agent_case.html",
        {
            "case": case,
            "may_upload": policies.may(request.user, Action.RECORD_MATERIAL, case),
            "may_submit": policies.may(request.user, Action.SUBMIT, case)
            and case.state in ("draft", "supplement_requested"),
            "waiting_for": selectors.waiting_for(case),
        },
    )


@require_POST
@staff_page(Role.AGENT)
def agent_case_material(request, number):
    case = _agent_case(request, number)
    form = forms.MaterialUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        response = agent_case(request, number)
        response.status_code = 400
        return response
    _done, failed = run(
        request,
        lambda: case_services.case_record_material(
            case=case, requirement_id=form.cleaned_data["requirement"], file=form.cleaned_data["file"], by=request.user
        ),
        on_error=lambda: agent_case(request, number),
    )
    return failed or redirect("projects:agent-case", number=number)


@require_POST
@staff_page(Role.AGENT)
def agent_case_submit(request, number):
    case = _agent_case(request, number)

    def submit():
        if case.state == "supplement_requested":
            return case_services.case_supplement(case=case, by=request.user)
        return case_services.case_submit(case=case, by=request.user)

    _done, failed = run(request, submit, on_error=lambda: agent_case(request, number))
    if failed:
        return failed
    messages.success(request, _("已提交，等待窗口收件。"))
    return redirect("projects:agent-case", number=number)


# --------------------------------------------------------------------------- the hall's 帮办代办 desk


@staff_page(*DESK, Role.SUPERVISOR)
def desk(request, *, request_form=None, paper_form=None):
    agents = selectors.agents_available(user=request.user)
    rows = list(selectors.help_requests_visible_to(request.user).exclude(state=HelpState.CANCELLED)[:100])
    return render(
        request,
        "projects/desk.html",
        {
            "rows": rows,
            "open_rows": [r for r in rows if r.state == HelpState.OPEN],
            "assign_form": forms.AssignForm(agents=agents),
            "request_form": request_form or forms.DeskHelpRequestForm(),
            "paper_form": paper_form or forms.PaperAuthorisationForm(),
            "authorisations": selectors.authorisations_visible_to(request.user)[:50],
            "agents": agents,
            "may_act": selectors.role_of(request.user) in DESK,
            "notices": selectors.notices_for(user=request.user)[:10],
        },
    )


@require_POST
@staff_page(*DESK)
def desk_assign(request, pk):
    row = selectors.help_request_get(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST, agents=selectors.agents_available(user=request.user))
    if not form.is_valid():
        messages.error(request, _("请选择代办员。"))
        response = desk(request)
        response.status_code = 400
        return response
    _done, failed = run(
        request,
        lambda: services.help_request_assign(request=row, agent=form.cleaned_data["agent"], by=request.user),
        on_error=lambda: desk(request),
    )
    if failed:
        return failed
    messages.success(request, _("已指派代办员。"))
    return redirect("projects:desk")


@require_POST
@staff_page(*DESK)
def desk_request(request):
    form = forms.DeskHelpRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        response = desk(request, request_form=form)
        response.status_code = 400
        return response
    d = form.cleaned_data
    row, failed = run(
        request,
        lambda: services.help_request_create(
            kind=d["kind"],
            item=d["item"],
            chain=d["chain"],
            note=d["note"],
            applicant_name=d["applicant_name"],
            contact_phone=d["contact_phone"],
            by=request.user,
        ),
        on_error=lambda: desk(request, request_form=form),
    )
    if failed:
        return failed
    messages.success(request, _("已登记帮办代办申请 %(number)s。") % {"number": row.number})
    return redirect("projects:desk")


@require_POST
@staff_page(*DESK)
def desk_paper_authorisation(request):
    form = forms.PaperAuthorisationForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        response = desk(request, paper_form=form)
        response.status_code = 400
        return response
    d = form.cleaned_data
    number = d["applicant_id_number"].strip().upper()
    profile = ApplicantProfile.objects.filter(id_number_index=blind_index(number)).select_related("user").first()
    if profile is None:
        messages.error(request, _("没有找到该证件号码的注册申请人，请申请人先在网上办事大厅注册。"))
        response = desk(request, paper_form=form)
        response.status_code = 400
        return response
    row, failed = run(
        request,
        lambda: services.authorisation_create(
            applicant=profile.user,
            agent=d["agent"],
            scope=d["scope"],
            items=d["items"],
            chains=d["chains"],
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
            method="paper",
            scan=d["scan"],
            by=request.user,
        ),
        on_error=lambda: desk(request, paper_form=form),
    )
    if failed:
        return failed
    messages.success(request, _("纸质委托书 %(number)s 已登记并生效。") % {"number": row.number})
    return redirect(reverse("projects:authorisation", args=[row.pk]))


@require_POST
@staff_page(*DESK)
def desk_revoke(request, pk):
    authorisation = selectors.authorisation_get(user=request.user, pk=pk)
    form = forms.RevokeForm(request.POST)
    form.is_valid()
    _done, failed = run(
        request,
        lambda: services.authorisation_revoke(
            authorisation=authorisation, by=request.user, reason=form.cleaned_data.get("reason", "")
        ),
        on_error=lambda: authorisation_detail(request, pk),
    )
    if failed:
        return failed
    messages.success(request, _("委托书已撤销。"))
    return redirect("projects:authorisation", pk=pk)


@require_POST
@staff_page(Role.AGENT, *DESK)
def help_close(request, pk):
    row = selectors.help_request_get(user=request.user, pk=pk)
    _done, failed = run(
        request,
        lambda: services.help_request_close(request=row, by=request.user),
        on_error=lambda: agent_queue(request),
    )
    if failed:
        return failed
    messages.success(request, _("帮办代办申请已办结。"))
    return redirect("projects:agent-queue" if selectors.role_of(request.user) == Role.AGENT else "projects:desk")
