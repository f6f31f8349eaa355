"""Reads for 一件事 applications; who may see which application lives here."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from catalog import clock as day_clock
from catalog.models import Chain, ChainStep, MaterialRequirement
from chains.constants import ApplicationState, RunState
from chains.models import ChainApplication, ChainTerms
from hall.constants import SEE_ALL_ROLES, Role, WindowKind
from hall.selectors import staff_profile_of


@dataclass
class MergedMaterial:
    """One line of a chain's merged material list: handed in once, used by every item listed."""

    position: int
    name: str
    required: bool
    items: list = field(default_factory=list)  # item names needing it

    @property
    def shared(self):
        return len(self.items) > 1

    @property
    def field_name(self):
        return f"material-{self.position}"


def material_key(name):
    return " ".join((name or "").split())


def chain_get(*, code):
    return Chain.objects.prefetch_related("steps__item__department", "steps__waits_for").get(code=code, is_active=True)


def merged_materials(*, chain):
    """The chain's materials, each once: a name several items need appears once (材料共享)."""
    return merged_materials_of([chain])[chain.pk]


def merged_materials_of(chains):
    """{chain id: merged materials} of several chains, read in two queries whatever the number
    of chains and steps (the steps with their items, then all the items' materials)."""
    materials = Prefetch("item__materials", queryset=MaterialRequirement.objects.order_by("position", "id"))
    steps = (
        ChainStep.objects.filter(chain__in=[c.pk for c in chains])
        .select_related("item")
        .prefetch_related(materials)
        .order_by("chain_id", "position")
    )
    by_chain = {c.pk: {} for c in chains}
    for step in steps:
        merged = by_chain[step.chain_id]
        for requirement in step.item.materials.all():
            key = material_key(requirement.name)
            line = merged.get(key)
            if line is None:
                line = merged[key] = MergedMaterial(position=len(merged) + 1, name=key, required=False)
            line.required = line.required or requirement.required
            if step.item.name not in line.items:
                line.items.append(step.item.name)
    return {pk: list(merged.values()) for pk, merged in by_chain.items()}


def chain_limit(*, chain):
    """(days, hours) the hall promises for the whole chain.

    ChainTerms when set; otherwise the longest path of the items' promised days (parallel items
    overlap, serial ones add up), instant items counting 0 (due the same day).
    """
    terms = ChainTerms.objects.filter(chain=chain).first()
    if terms is not None and (terms.promised_days is not None or terms.promised_hours is not None):
        return terms.promised_days, terms.promised_hours
    steps = list(chain.steps.select_related("item").prefetch_related("waits_for"))
    memo = {}

    def longest(step):
        if step.pk not in memo:
            own = 0 if step.item.kind == "instant" else step.item.promised_limit_days
            memo[step.pk] = own + max((longest(p) for p in step.waits_for.all()), default=0)
        return memo[step.pk]

    return max((longest(s) for s in steps), default=0), None


def legal_days_sum(*, chain):
    return sum(step.item.legal_limit_days for step in chain.steps.select_related("item"))


def terms_of(chain):
    return ChainTerms.objects.filter(chain=chain).first()


def visibility_q(user):
    """The Q scoping chain applications to `user`, or None for all of them."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    own = Q(applicant_user_id=user.pk) | Q(submitted_by_id=user.pk)
    profile = staff_profile_of(user)
    if profile is None:
        return None if user.is_superuser else own
    if profile.role in SEE_ALL_ROLES or profile.role == Role.DELIVERY:
        return None
    if profile.role == Role.FRONT_DESK:
        window = profile.window
        if window is None or not window.is_active:
            return own
        if window.kind == WindowKind.COMPREHENSIVE:
            return None
        return own | Q(runs__item__department_id=window.department_id)
    if profile.role in (Role.REVIEWER, Role.CHIEF):
        return own | Q(runs__item__department_id=profile.department_id)
    if profile.role == Role.AGENT:
        # 代办 (issue 18): the agent sees what they applied for only while the applicant's
        # authorisation still covers a case of it (revoked or expired: no longer).
        from approvals import policies
        from approvals.models import Case

        covered = Case.objects.filter(policies.agent_visible_q(user), agent_id=user.pk).values("pk")
        return Q(submitted_by_id=user.pk, runs__case__in=covered)
    return own


def applications_visible_to(user):
    q = visibility_q(user)
    qs = ChainApplication.objects.select_related("chain")
    return qs if q is None else qs.filter(q).distinct()


def application_get(*, user, number):
    """The application if `user` may see it, else Http404 (never 403)."""
    app = applications_visible_to(user).filter(number=number).first()
    if app is None:
        raise Http404("no such chain application")
    return app


def own_application_get(*, user, number):
    """For the portal: only the applicant's own applications."""
    if not user.is_authenticated:
        raise Http404("no such chain application")
    app = (
        ChainApplication.objects.select_related("chain")
        .filter(Q(applicant_user_id=user.pk) | Q(submitted_by_id=user.pk), number=number)
        .first()
    )
    if app is None:
        raise Http404("no such chain application")
    return app


def level_of(app, *, now=None):
    now = now or timezone.now()
    return day_clock.level_for(
        now=now, deadline_at=app.deadline_at, warn_at=app.warn_at, clock_running=app.clock_running
    )


def runs_of(app):
    """Every item of the application with its case, holder and what it waits on."""
    runs = list(
        app.runs.select_related("item__department", "case__department", "case__window")
        .prefetch_related("waits_for__item")
        .order_by("position")
    )
    for run in runs:
        run.holder = _holder(run)
        run.waiting_on = [p for p in run.waits_for.all() if p.state not in (RunState.GRANTED, RunState.DELIVERED)]
    return runs


def results_by_case(cases):
    """{case id: its Result (with the case)} of several cases, in one query."""
    from approvals.models import Result

    ids = [c.pk for c in cases if c is not None]
    return {r.case_id: r for r in Result.objects.filter(case_id__in=ids).select_related("case")} if ids else {}


def _holder(run):
    from django.utils.translation import gettext as _

    case = run.case
    if case is None:
        return ""
    state = case.state
    if state in ("draft",):
        return _("申请人")
    if state in ("submitted", "received", "supplement_requested"):
        if state == "supplement_requested":
            return _("申请人（补正材料）")
        return _("综合受理窗口")
    if state in ("dispatched", "in_review", "suspended", "granted", "denied"):
        return case.department.name
    if state == "ready":
        return _("出件窗口")
    return _("已办结")


def board_figures(*, now=None):
    """For the board: chains running, red and yellow ones, and compression vs legal limits."""
    now = now or timezone.now()
    running = ChainApplication.objects.filter(state=ApplicationState.RUNNING)
    red = running.filter(deadline_at__lt=now).count()
    yellow = running.filter(deadline_at__gte=now, warn_at__lte=now).count()
    rows = []
    for chain in Chain.objects.filter(is_active=True).prefetch_related("steps__item", "steps__waits_for"):
        days, hours = chain_limit(chain=chain)
        legal = legal_days_sum(chain=chain)
        # An hours-limit counts as its share of a working day (7 hours); a same-day limit as 1 day.
        promised = hours / 7 if hours else max(days or 0, 1)
        compression = max(round(100 * (1 - promised / legal)), 0) if legal else 0
        rows.append(
            {
                "chain": chain,
                "promised_days": days,
                "promised_hours": hours,
                "legal_days_sum": legal,
                "compression_percent": compression,
                "running": running.filter(chain=chain).count(),
            }
        )
    return {
        "running": running.count(),
        "red": red,
        "yellow": yellow,
        "green": running.count() - red - yellow,
        "chains": rows,
    }
