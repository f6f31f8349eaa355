"""Reads of 帮办代办 and 项目管家, always scoped by who is asking: what is not visible is a 404."""

from collections import Counter
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import TERMINAL_STATES, CaseState
from approvals.models import Case
from catalog import clock
from hall.constants import Role
from hall.selectors import staff_profile_of
from projects.constants import AuthorisationState, HelpState, NodeState, ProjectState
from projects.models import Agent, Authorisation, HelpRequest, LedgerEntry, NodeUrge, Notice, Project, ProjectNode

# Staff who run the hall's 帮办代办 desk: register paper authorisations, assign agents.
HALL_DESK_ROLES = frozenset({Role.FRONT_DESK, Role.HALL_ADMIN})
SEE_ALL_ROLES = frozenset({Role.HALL_ADMIN, Role.SUPERVISOR})


def role_of(user):
    profile = staff_profile_of(user)
    if profile is not None:
        return profile.role
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.HALL_ADMIN
    return None


def agent_of(user):
    """The user's Agent row when they are a certified agent on duty, else None."""
    if role_of(user) != Role.AGENT:
        return None
    return Agent.objects.filter(user_id=user.pk, is_active=True).select_related("user", "department").first()


# --------------------------------------------------------------------------- the approvals hook


def _live_for_agent_user(agent_user):
    return Authorisation.objects.live().filter(agent__user_id=agent_user.pk, agent__is_active=True)


def covered_item_ids_of(authorisations):
    """{authorisation id: the item ids it covers (its items and its chains' items)} of several
    authorisations, in three queries whatever their number (Authorisation.covered_item_ids for many)."""
    from catalog.models import ChainStep

    covered = {a.pk: set() for a in authorisations}
    if not covered:
        return covered
    items = Authorisation.items.through.objects.filter(authorisation_id__in=covered)
    for authorisation_id, item_id in items.values_list("authorisation_id", "item_id"):
        covered[authorisation_id].add(item_id)
    by_chain = {}
    chains = Authorisation.chains.through.objects.filter(authorisation_id__in=covered)
    for authorisation_id, chain_id in chains.values_list("authorisation_id", "chain_id"):
        by_chain.setdefault(chain_id, []).append(authorisation_id)
    if by_chain:
        for chain_id, item_id in ChainStep.objects.filter(chain_id__in=by_chain).values_list("chain_id", "item_id"):
            for authorisation_id in by_chain[chain_id]:
                covered[authorisation_id].add(item_id)
    return covered


def agent_authority_check(*, agent, applicant_user_id, item_id):
    """Registered in approvals.policies: a live authorisation of the applicant covers the item."""
    rows = list(_live_for_agent_user(agent).filter(applicant_id=applicant_user_id))
    covered = covered_item_ids_of(rows)
    return any(item_id in covered[a.pk] for a in rows)


def agent_visible_cases_q(agent):
    """Registered in approvals.policies: the cases of applicants whose live authorisations cover them."""
    q = Q(pk__in=[])
    rows = list(_live_for_agent_user(agent))
    covered = covered_item_ids_of(rows)
    for authorisation in rows:
        q |= Q(applicant_user_id=authorisation.applicant_id, item_id__in=covered[authorisation.pk])
    return q


# --------------------------------------------------------------------------- authorisations


def authorisations_visible_to(user):
    """The applicant: the ones they gave; an agent: theirs; the hall desk, admin and supervisors: all."""
    qs = Authorisation.objects.select_related("agent__user", "applicant__applicant_profile").prefetch_related(
        "items", "chains"
    )
    if user is None or not user.is_authenticated:
        return qs.none()
    role = role_of(user)
    if role is None:
        return qs.filter(applicant=user)
    if role == Role.AGENT:
        return qs.filter(agent__user=user)
    if role in HALL_DESK_ROLES | SEE_ALL_ROLES:
        return qs
    return qs.none()


def authorisation_get(*, user, pk):
    row = authorisations_visible_to(user).filter(pk=pk).first()
    if row is None:
        raise Http404(_("委托书不存在或您无权查看。"))
    return row


def covered_items(authorisation):
    from catalog.models import Item

    return Item.objects.filter(pk__in=authorisation.covered_item_ids(), is_active=True).order_by("code")


# --------------------------------------------------------------------------- help requests


def help_requests_visible_to(user):
    qs = HelpRequest.objects.select_related("item", "chain", "agent__user", "applicant")
    if user is None or not user.is_authenticated:
        return qs.none()
    role = role_of(user)
    if role is None:
        return qs.filter(applicant=user)
    if role == Role.AGENT:
        return qs.filter(agent__user=user)
    if role in HALL_DESK_ROLES | SEE_ALL_ROLES:
        return qs
    return qs.none()


def help_request_get(*, user, pk):
    row = help_requests_visible_to(user).filter(pk=pk).first()
    if row is None:
        raise Http404(_("帮办代办申请不存在或您无权查看。"))
    return row


def help_requests_due_overdue(*, now):
    return HelpRequest.objects.filter(state=HelpState.OPEN, overdue_notified_at__isnull=True, due_at__lt=now)


def agents_available(*, user):
    if role_of(user) not in HALL_DESK_ROLES | SEE_ALL_ROLES:
        return Agent.objects.none()
    return (
        Agent.objects.filter(is_active=True)
        .select_related("user", "department")
        .annotate(open_requests=Count("help_requests", filter=Q(help_requests__state=HelpState.ASSIGNED)))
    )


def agents_visible_to(user):
    """Staff of the hall see the agents' register; an agent sees themself; applicants see none."""
    role = role_of(user)
    qs = Agent.objects.select_related("user", "department")
    if role == Role.AGENT:
        return qs.filter(user=user)
    if role is None:
        return qs.none()
    return qs


# --------------------------------------------------------------------------- the agent's queue and figures

_WAITING_FOR = {
    CaseState.DRAFT: _("待代办员上传材料并提交"),
    CaseState.SUBMITTED: _("待窗口收件"),
    CaseState.RECEIVED: _("待窗口推送部门"),
    CaseState.SUPPLEMENT_REQUESTED: _("待代办员补正材料"),
    CaseState.DISPATCHED: _("待部门确认受理"),
    CaseState.IN_REVIEW: _("部门审查中"),
    CaseState.SUSPENDED: _("中止计时，待部门恢复"),
    CaseState.GRANTED: _("待制证出件"),
    CaseState.DENIED: _("待送达不予许可决定"),
    CaseState.READY: _("待领取结果"),
}


def waiting_for(case):
    return str(_WAITING_FOR.get(case.state, case.get_state_display()))


def agent_queue(*, user):
    """The cases the agent carries (open first), each with what it waits for and whether the
    authorisation still lets the agent act."""
    live = {}
    authorisations = list(_live_for_agent_user(user))
    covered = covered_item_ids_of(authorisations)
    for a in authorisations:
        live.setdefault(a.applicant_id, set()).update(covered[a.pk])
    rows = list(
        Case.objects.filter(agent=user).with_level().select_related("item", "department").order_by("-created_at")
    )
    for case in rows:
        case.waiting_for = waiting_for(case)
        case.agent_may_act = case.item_id in live.get(case.applicant_user_id, ())
        case.is_open = case.state not in TERMINAL_STATES
    rows.sort(key=lambda c: (not c.is_open, -c.created_at.timestamp()))
    return rows


def agent_figures(*, user):
    """Cases carried, finished, average working days from registration to result, and ratings."""
    cases = list(Case.objects.filter(agent=user).only("id", "state", "created_at", "delivered_at", "decided_at"))
    finished = [c for c in cases if c.state in (CaseState.DELIVERED, CaseState.READY, CaseState.GRANTED)]
    spans = []
    for c in finished:
        end = c.delivered_at or c.decided_at
        if end:
            spans.append(
                clock.working_days_between(timezone.localtime(c.created_at).date(), timezone.localtime(end).date())
            )
    figures = {
        "carried": len(cases),
        "open": sum(1 for c in cases if c.state not in TERMINAL_STATES),
        "finished": len(finished),
        "average_days": round(sum(spans) / len(spans), 1) if spans else None,
        "ratings": None,
        "average_score": None,
    }
    figures.update(_agent_ratings(case_ids=[c.id for c in cases]))
    return figures


def _agent_ratings(*, case_ids):
    """好差评 of the cases carried, when the evaluations app is installed (read-only)."""
    try:
        from evaluations.models import Rating
    except ImportError:  # evaluations not installed in this build
        return {}
    scores = list(Rating.objects.filter(case_id__in=case_ids).values_list("score", flat=True))
    if not scores:
        return {"ratings": 0}
    return {"ratings": len(scores), "average_score": round(sum(scores) / len(scores), 2)}


# --------------------------------------------------------------------------- projects


def projects_visible_to(user):
    """Supervisors and the hall admin: all; a steward or leading official: theirs; department staff:
    the projects with a node of their department; everyone else none."""
    qs = Project.objects.select_related("steward", "lead")
    if user is None or not user.is_authenticated:
        return qs.none()
    role = role_of(user)
    if role in SEE_ALL_ROLES:
        return qs
    if role is None:
        return qs.none()
    q = Q(steward=user) | Q(lead=user)
    profile = staff_profile_of(user)
    if role in (Role.REVIEWER, Role.CHIEF) and profile.department_id:
        q |= Q(nodes__department_id=profile.department_id)
    return qs.filter(q).distinct()


def project_get(*, user, pk):
    row = projects_visible_to(user).filter(pk=pk).first()
    if row is None:
        raise Http404(_("项目不存在或您无权查看。"))
    return row


def may_manage_project(user, project):
    """The steward, the leading official and the hall admin keep the card and the ledger."""
    return role_of(user) == Role.HALL_ADMIN or user.pk in (project.steward_id, project.lead_id)


def may_urge(user):
    return role_of(user) == Role.SUPERVISOR


def project_nodes(*, project, now=None):
    now = now or timezone.now()
    nodes = list(
        project.nodes.select_related("item", "chain", "department")
        .prefetch_related("cases", "urges")
        .order_by("position")
    )
    for node in nodes:
        node.level_now = node.level_at(now)
        node.open_urge = next((u for u in node.urges.all() if u.lifted_at is None), None)
    return nodes


def node_get(*, user, pk):
    node = ProjectNode.objects.select_related("project", "department", "item", "chain").filter(pk=pk).first()
    if node is None or not projects_visible_to(user).filter(pk=node.project_id).exists():
        raise Http404(_("节点不存在或您无权查看。"))
    return node


def nodes_visible_to(user):
    return ProjectNode.objects.filter(project__in=projects_visible_to(user)).select_related(
        "project", "department", "item", "chain"
    )


def project_ledger(*, project):
    return list(LedgerEntry.objects.filter(project=project).select_related("by"))


def ledger_figures(*, project):
    rows = LedgerEntry.objects.filter(project=project)
    counts = Counter(rows.values_list("kind", flat=True))
    problems = rows.filter(kind="problem")
    return {
        "by_kind": counts,
        "problems": problems.count(),
        "solved": problems.filter(solved_at__isnull=False).count(),
    }


def quarter_bounds(text):
    """'2026Q4' → (first day, last day); ValueError with a Chinese message when malformed."""
    try:
        year_text, quarter_text = text.upper().split("Q")
        year, quarter = int(year_text), int(quarter_text)
        if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise ValueError(_("季度格式应为“2026Q4”。")) from None
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1).toordinal() - 1
    return first, date.fromordinal(last)


def current_quarter(today=None):
    today = today or timezone.localdate()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def quarterly_report(*, project, quarter, now=None):
    """Nodes due in the quarter: done on time, done late, still open (overdue or not), and the
    working days saved by nodes finished before their target date."""
    now = now or timezone.now()
    first, last = quarter_bounds(quarter)
    nodes = [n for n in project_nodes(project=project, now=now) if first <= n.target_date <= last]
    done_on_time = [n for n in nodes if n.state == NodeState.DONE and n.on_time]
    done_late = [n for n in nodes if n.state == NodeState.DONE and not n.on_time]
    still_open = [n for n in nodes if n.state != NodeState.DONE]
    days_saved = 0
    for n in done_on_time:
        days_saved += clock.working_days_between(timezone.localtime(n.done_at).date(), n.target_date)
    finished_in_quarter = [
        n
        for n in project_nodes(project=project, now=now)
        if n.done_at and first <= timezone.localtime(n.done_at).date() <= last
    ]
    return {
        "quarter": quarter,
        "first": first,
        "last": last,
        "nodes": nodes,
        "done_on_time": done_on_time,
        "done_late": done_late,
        "still_open": still_open,
        "overdue": [n for n in still_open if n.level_now == "red"],
        "days_saved": days_saved,
        "finished_in_quarter": finished_in_quarter,
        "ledger": ledger_figures(project=project),
    }


def board(*, user, now=None):
    """Projects by state, overdue nodes, stewards' loads (supervisors and the hall admin)."""
    now = now or timezone.now()
    projects = projects_visible_to(user)
    by_state = dict(projects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    states = [(s, label, by_state.get(s, 0)) for s, label in ProjectState.choices]
    overdue = list(
        ProjectNode.objects.filter(project__in=projects)
        .overdue(now)
        .select_related("project", "department", "item", "chain")
        .order_by("target_at")
    )
    loads = list(
        projects.exclude(state=ProjectState.CLOSED)
        .values("steward__username", "steward__first_name", "steward__last_name")
        .annotate(
            projects=Count("id", distinct=True),
            open_nodes=Count("nodes", filter=~Q(nodes__state=NodeState.DONE)),
            overdue_nodes=Count("nodes", filter=~Q(nodes__state=NodeState.DONE) & Q(nodes__target_at__lt=now)),
        )
        .order_by("-projects", "steward__username")
    )
    for row in loads:
        row["name"] = f"{row['steward__last_name']}{row['steward__first_name']}" or row["steward__username"]
    return {"states": states, "overdue": overdue, "loads": loads, "total": sum(by_state.values())}


# --------------------------------------------------------------------------- notices


def notices_for(*, user):
    return Notice.objects.filter(user=user).select_related("node__project", "node__department", "help_request")


def department_urged_nodes(*, user, now=None):
    """挂牌督办 nodes of the user's department (department staff)."""
    profile = staff_profile_of(user)
    if profile is None or profile.role not in (Role.REVIEWER, Role.CHIEF) or not profile.department_id:
        return []
    now = now or timezone.now()
    nodes = list(
        ProjectNode.objects.filter(department_id=profile.department_id)
        .filter(Exists(NodeUrge.objects.filter(node=OuterRef("pk"), lifted_at__isnull=True)))
        .select_related("project", "item", "chain", "department")
        .prefetch_related("urges")
        .distinct()
    )
    for node in nodes:
        node.level_now = node.level_at(now)
        node.open_urge = next((u for u in node.urges.all() if u.lifted_at is None), None)
    return nodes


def applicant_authorisation_summary(*, user):
    return authorisations_visible_to(user).filter(state__in=[AuthorisationState.PENDING, AuthorisationState.ACTIVE])
