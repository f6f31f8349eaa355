"""Reads of 绿色通道: the accounts (staff at windows and the hall's supervisors), the dedicated
window's queue, and the flag shown beside a key account's case on every staff list."""

from django.core.cache import cache as cache_backend
from django.http import Http404
from django.utils.translation import gettext as _

from approvals.constants import CaseState
from approvals.flags import Flag
from approvals.selectors import cases_visible_to
from hall.constants import SEE_ALL_ROLES, Role
from hall.selectors import staff_profile_of
from keyaccounts.models import KeyAccount

OPEN_STATES = [
    CaseState.SUBMITTED,
    CaseState.RECEIVED,
    CaseState.SUPPLEMENT_REQUESTED,
    CaseState.DISPATCHED,
    CaseState.IN_REVIEW,
    CaseState.SUSPENDED,
    CaseState.GRANTED,
    CaseState.DENIED,
    CaseState.READY,
]


def may_manage(user):
    """Marking enterprises is the hall administration's job."""
    profile = staff_profile_of(user)
    if profile is None:
        return bool(user is not None and user.is_authenticated and user.is_superuser)
    return profile.role == Role.HALL_ADMIN


def may_follow_up(user):
    profile = staff_profile_of(user)
    return may_manage(user) or (profile is not None and profile.role in (Role.FRONT_DESK, Role.SUPERVISOR))


def accounts_visible_to(user):
    """The windows (who serve them) and the hall's supervisors and admins; no one else."""
    profile = staff_profile_of(user)
    if may_manage(user) or (profile is not None and (profile.role in SEE_ALL_ROLES or profile.role == Role.FRONT_DESK)):
        return KeyAccount.objects.select_related("window")
    return KeyAccount.objects.none()


def account_get(*, user, pk):
    account = accounts_visible_to(user).filter(pk=pk).first() if pk is not None else None
    if account is None:
        raise Http404("重点企业不存在或您无权查看。")
    return account


def account_of_case(case):
    index = getattr(case, "applicant_id_number_index", "")
    if not index:
        return None
    return KeyAccount.objects.filter(credit_code_index=index, is_active=True).select_related("window").first()


def window_queue(*, user):
    """Open cases of the key accounts served at this clerk's window (the 业务大户室 queue)."""
    profile = staff_profile_of(user)
    if profile is None or profile.window_id is None:
        return cases_visible_to(user).none()
    indexes = KeyAccount.objects.filter(window_id=profile.window_id, is_active=True).values("credit_code_index")
    return (
        cases_visible_to(user)
        .filter(applicant_id_number_index__in=indexes, state__in=OPEN_STATES)
        .select_related("item", "department")
        .order_by("created_at", "id")
    )


def account_cases(*, user, account):
    return (
        cases_visible_to(user)
        .filter(applicant_id_number_index=account.credit_code_index)
        .select_related("item")
        .order_by("-created_at")
    )


NAMES_CACHE_KEY = "keyaccounts:active-names"


def active_account_names():
    """{credit code blind index: name} of the active accounts, cached (cleared when one changes here)."""
    names = cache_backend.get(NAMES_CACHE_KEY)
    if names is None:
        names = dict(KeyAccount.objects.filter(is_active=True).values_list("credit_code_index", "name"))
        cache_backend.set(NAMES_CACHE_KEY, names, 60)  # other processes (locmem) catch up within a minute
    return names


def forget_account_names(**kwargs):
    cache_backend.delete(NAMES_CACHE_KEY)


def key_account_flags(case, cache):
    """approvals.flags provider: 重点企业 beside the case (the accounts are loaded once per page)."""
    if "names" not in cache:
        cache["names"] = active_account_names()
    name = cache["names"].get(getattr(case, "applicant_id_number_index", "") or "")
    if name is None:
        return []
    return [Flag(code="key-account", label=_("重点企业"), title=_("绿色通道（业务大户室）：%(name)s") % {"name": name})]
