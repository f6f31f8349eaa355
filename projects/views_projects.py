"""Staff pages of 项目管家: the projects, the 一卡通 card (and its print), the quarterly report,
the ledger, the board and the responsible department's 挂牌督办 page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.models import Case
from hall.constants import Role
from projects import forms, selectors, services
from projects.models import LedgerEntry
from projects.views_common import form_errors, run, staff_page


@staff_page()
def project_list(request):
    projects = list(selectors.projects_visible_to(request.user).prefetch_related("nodes"))
    now = timezone.now()
    for p in projects:
        nodes = list(p.nodes.all())
        p.node_count = len(nodes)
        p.done_count = sum(1 for n in nodes if n.state == "done")
        p.red_count = sum(1 for n in nodes if n.level_at(now) == "red")
    return render(
        request,
        "projects/project_list.html",
        {"projects": projects, "may_create": selectors.role_of(request.user) == Role.HALL_ADMIN},
    )


@staff_page(Role.HALL_ADMIN)
def project_new(request):
    form = forms.ProjectForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            project, failed = run(
                request,
                lambda: services.project_create(by=request.user, **form.cleaned_data),
                on_error=lambda: render(request, "projects/project_form.html", {"form": form}),
            )
            if failed:
                return failed
            messages.success(request, _("项目已登记，请添加一卡通节点。"))
            return redirect("projects:project", pk=project.pk)
        status = 400
    return render(request, "projects/project_form.html", {"form": form}, status=status)


def _card_context(request, project):
    now = timezone.now()
    nodes = selectors.project_nodes(project=project, now=now)
    return {
        "project": project,
        "nodes": nodes,
        "now": now,
        "may_manage": selectors.may_manage_project(request.user, project),
        "may_urge": selectors.may_urge(request.user),
        "red": sum(1 for n in nodes if n.level_now == "red"),
        "done": sum(1 for n in nodes if n.state == "done"),
    }


@staff_page()
def project_card(request, pk, *, node_form=None):
    project = selectors.project_get(user=request.user, pk=pk)
    context = _card_context(request, project)
    context.update(
        node_form=node_form or forms.NodeForm(),
        link_form=forms.LinkCaseForm(),
        urge_form=forms.UrgeForm(),
        ledger=selectors.project_ledger(project=project),
        ledger_form=forms.LedgerForm(initial={"happened_on": timezone.localdate()}),
        solve_form=forms.SolveForm(),
        ledger_figures=selectors.ledger_figures(project=project),
        quarter=selectors.current_quarter(),
    )
    return render(request, "projects/project_card.html", context)


@staff_page()
def project_print(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)
    return render(request, "projects/project_print.html", _card_context(request, project))


@staff_page()
def project_report(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)
    quarter = (request.GET.get("quarter") or selectors.current_quarter()).strip()
    try:
        report = selectors.quarterly_report(project=project, quarter=quarter)
    except ValueError as exc:
        messages.error(request, str(exc))
        report = selectors.quarterly_report(project=project, quarter=selectors.current_quarter())
        response = render(request, "projects/project_report.html", {"project": project, "r": report})
        response.status_code = 400
        return response
    return render(request, "projects/project_report.html", {"project": project, "r": report})


def _back(request, pk, status_view=None):
    return lambda: project_card(request, pk)


@require_POST
@staff_page()
def node_add(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)
    form = forms.NodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        response = project_card(request, pk, node_form=form)
        response.status_code = 400
        return response
    _node, failed = run(
        request,
        lambda: services.node_add(project=project, by=request.user, **form.cleaned_data),
        on_error=lambda: project_card(request, pk, node_form=form),
    )
    if failed:
        return failed
    messages.success(request, _("节点已添加，目标完成日已按工作日倒排。"))
    return redirect("projects:project", pk=pk)


@require_POST
@staff_page()
def node_link(request, pk):
    node = selectors.node_get(user=request.user, pk=pk)
    form = forms.LinkCaseForm(request.POST)
    number = form.data.get("number", "").strip()
    case = Case.objects.filter(number=number).first()

    def link():
        from django.core.exceptions import ValidationError

        if case is None:
            raise ValidationError({"number": [_("没有这个办件编号。")]})
        return services.node_link_case(node=node, case=case, by=request.user)

    _done, failed = run(request, link, on_error=_back(request, node.project_id))
    if failed:
        return failed
    messages.success(request, _("已关联办件 %(number)s。") % {"number": number})
    return redirect("projects:project", pk=node.project_id)


@require_POST
@staff_page()
def node_done(request, pk):
    node = selectors.node_get(user=request.user, pk=pk)
    _done, failed = run(
        request, lambda: services.node_mark_done(node=node, by=request.user), on_error=_back(request, node.project_id)
    )
    if failed:
        return failed
    messages.success(request, _("节点已标记完成。"))
    return redirect("projects:project", pk=node.project_id)


@require_POST
@staff_page(Role.SUPERVISOR)
def node_urge(request, pk):
    node = selectors.node_get(user=request.user, pk=pk)
    form = forms.UrgeForm(request.POST)
    form.is_valid()
    _done, failed = run(
        request,
        lambda: services.node_urge(node=node, note=form.data.get("note", ""), by=request.user),
        on_error=_back(request, node.project_id),
    )
    if failed:
        return failed
    messages.success(request, _("已挂牌督办，责任单位已收到通知。"))
    return redirect("projects:project", pk=node.project_id)


@require_POST
@staff_page()
def ledger_add(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)
    form = forms.LedgerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        response = project_card(request, pk)
        response.status_code = 400
        return response
    _done, failed = run(
        request,
        lambda: services.ledger_add(project=project, by=request.user, **form.cleaned_data),
        on_error=_back(request, pk),
    )
    if failed:
        return failed
    messages.success(request, _("台账已记录。"))
    return redirect("projects:project", pk=pk)


@require_POST
@staff_page()
def ledger_solve(request, pk):
    entry = LedgerEntry.objects.filter(pk=pk).first()
    if entry is None or not selectors.projects_visible_to(request.user).filter(pk=entry.project_id).exists():
        raise Http404(_("台账记录不存在或您无权查看。"))
    form = forms.SolveForm(request.POST)
    form.is_valid()
    _done, failed = run(
        request,
        lambda: services.ledger_solve(entry=entry, solution=form.data.get("solution", ""), by=request.user),
        on_error=_back(request, entry.project_id),
    )
    if failed:
        return failed
    messages.success(request, _("问题已标记解决。"))
    return redirect("projects:project", pk=entry.project_id)


@staff_page(Role.SUPERVISOR, Role.HALL_ADMIN)
def board(request):
    return render(request, "projects/board.html", selectors.board(user=request.user))


@staff_page(Role.REVIEWER, Role.CHIEF)
def department_page(request):
    return render(
        request,
        "projects/department.html",
        {
            "nodes": selectors.department_urged_nodes(user=request.user),
            "notices": selectors.notices_for(user=request.user)[:30],
        },
    )
