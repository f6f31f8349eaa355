"""Who may do what to a case (DESIGN.md §7). Pure rules over the user's profile and the case.

Visibility (who may *see* a case) lives in approvals.selectors; these rules decide who may
*act*. A service raises PermissionDenied (403) when the rule says no; callers resolve
visibility first, so an invisible case is a 404 before any rule is asked.

Choices the design leaves open, made here:
- A comprehensive window handles every department's cases (one window for all); a
  specialised window handles only its own department's.
- Only the department's chief representative (首席代表) decides; reviewers review, advance,
  suspend, resume and issue. For instant items (即办件) the department's specialised
  window clerk takes the whole case: accepts on the spot, decides, issues and hands it out.
- The completed-item window hands out every department's results.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from approvals.constants import Action, CaseState, SuspensionKind
from hall.constants import Role, WindowKind
from hall.selectors import staff_profile_of

_APPLICANT_EDIT_STATES = {CaseState.DRAFT, CaseState.SUBMITTED, CaseState.SUPPLEMENT_REQUESTED}


def front_desk_handles(profile, department_id):
    """A clerk at an active comprehensive window, or the department's own specialised window."""
    if profile is None or profile.role != Role.FRONT_DESK or profile.window is None or not profile.window.is_active:
        return False
    window = profile.window
    if window.kind == WindowKind.COMPREHENSIVE:
        return True
    return window.kind == WindowKind.SPECIALISED and window.department_id == department_id


def specialised_clerk_of(profile, department_id):
    return (
        profile is not None
        and profile.role == Role.FRONT_DESK
        and profile.window is not None
        and profile.window.is_active
        and profile.window.kind == WindowKind.SPECIALISED
        and profile.window.department_id == department_id
    )


def department_staff(profile, department_id, roles=(Role.REVIEWER, Role.CHIEF)):
    return profile is not None and profile.role in roles and profile.department_id == department_id


def is_own_applicant(user, case):
    return user is not None and user.is_authenticated and case.applicant_user_id == user.pk


# --- 代办 (issue 18): an agent may do what the applicant may, while the applicant's authorisation
# (委托书) covers the case's item. Approvals keeps no authorisations: the app that does registers
# one check here in its AppConfig.ready; with none registered no agent may act (fail closed).
_agent_authority = {}


def register_agent_authority(*, check, visible_q):
    """check(*, agent, applicant_user_id, item_id) -> bool: a live authorisation exists.
    visible_q(agent) -> Q over Case: the cases the agent may see now (live authorisations only)."""
    _agent_authority.update(check=check, visible_q=visible_q)


def agent_authorised(*, agent, applicant_user_id, item_id):
    check = _agent_authority.get("check")
    if check is None or agent is None or not agent.is_authenticated or applicant_user_id is None:
        return False
    profile = staff_profile_of(agent)
    if profile is None or profile.role != Role.AGENT:
        return False
    return bool(check(agent=agent, applicant_user_id=applicant_user_id, item_id=item_id))


def agent_visible_q(agent):
    from django.db.models import Q

    visible_q = _agent_authority.get("visible_q")
    return Q(pk__in=[]) if visible_q is None else visible_q(agent)


def is_own_agent(user, case):
    """The case's agent, while the applicant's authorisation covers it."""
    return (
        user is not None
        and case.agent_id is not None
        and case.agent_id == getattr(user, "pk", None)
        and agent_authorised(agent=user, applicant_user_id=case.applicant_user_id, item_id=case.item_id)
    )


def acts_for_applicant(user, case):
    return is_own_applicant(user, case) or is_own_agent(user, case)


def suspended_for_supplement(case):
    """Suspended in review so the applicant can supplement (审查中补正): one query, only when suspended."""
    return (
        case.state == CaseState.SUSPENDED
        and case.suspensions.filter(ended_at__isnull=True, kind=SuspensionKind.SUPPLEMENT).exists()
    )


def applicant_may_supplement_in_review(user, case):
    """The own applicant may upload files while the department waits for them; the clock stays stopped
    until the department checks them and resumes."""
    return acts_for_applicant(user, case) and suspended_for_supplement(case)


def may_create(user, *, item, channel, on_behalf_of=None):
    profile = staff_profile_of(user)
    if on_behalf_of is not None:
        # An agent applies for the applicant whose authorisation covers the item (代办).
        return channel == "agent" and agent_authorised(agent=user, applicant_user_id=on_behalf_of.pk, item_id=item.pk)
    if profile is None:
        return channel == "online" and user is not None and user.is_authenticated
    return channel in ("window", "agent") and front_desk_handles(profile, item.department_id)


def may_record_paper_or_status(user, case):
    """Registering paper or setting a material's status (容缺, 承诺后补…) is the front desk's job.

    An applicant may only upload a file for their own case: they cannot vouch for paper they
    handed in, nor mark a material received without one.
    """
    return front_desk_handles(staff_profile_of(user), case.department_id)


def applicant_may_leave_for_later(user, case):
    """Online, the own applicant may leave a material for later (容缺/承诺后补) where the item allows it
    for that material, while the application is still theirs to edit (the service checks the material)."""
    return is_own_applicant(user, case) and case.state in _APPLICANT_EDIT_STATES


def may(user, action, case):
    """True if the user may perform `action` (an Action value) on the case now."""
    profile = staff_profile_of(user)
    dept = case.department_id
    instant_clerk = case.is_instant and specialised_clerk_of(profile, dept)
    A = Action
    if action == A.SUBMIT:
        return acts_for_applicant(user, case)
    if action in (A.TAKE_IN, A.REQUEST_SUPPLEMENT, A.REFUSE, A.DISPATCH, A.RETURN_ONLINE):
        return front_desk_handles(profile, dept)
    if action in (A.RECORD_MATERIAL, A.SUPPLEMENT):
        own = acts_for_applicant(user, case) and case.state in _APPLICANT_EDIT_STATES
        in_review = action == A.RECORD_MATERIAL and applicant_may_supplement_in_review(user, case)
        return own or in_review or front_desk_handles(profile, dept)
    if action in (A.ACKNOWLEDGE, A.RETURN):
        return department_staff(profile, dept)
    if action == A.ACCEPT_ON_THE_SPOT:
        return specialised_clerk_of(profile, dept)
    if action in (A.ADVANCE, A.SUSPEND, A.RESUME, A.ISSUE):
        return department_staff(profile, dept) or instant_clerk
    if action == A.DECIDE:
        return department_staff(profile, dept, roles=(Role.CHIEF,)) or instant_clerk
    if action == A.DELIVER:
        return (profile is not None and profile.role == Role.DELIVERY) or instant_clerk
    if action == A.CHOOSE_DELIVERY:
        # The applicant online, or a clerk writing down what the applicant said at a window.
        desk = front_desk_handles(profile, dept) or (profile is not None and profile.role == Role.DELIVERY)
        return acts_for_applicant(user, case) or desk
    if action == A.WITHDRAW:
        return acts_for_applicant(user, case) or front_desk_handles(profile, dept)
    if action == A.URGE:
        return profile is not None and profile.role == Role.SUPERVISOR
    return False


def require(user, action, case):
    if not may(user, action, case):
        raise PermissionDenied(_("您的角色或所属部门无权对该办件执行“%(action)s”。") % {"action": Action(action).label})
