"""Reads of the front office; scoping by user lives here (invisible → Http404)."""

from datetime import timedelta

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from approvals import policies
from approvals.selectors import case_get_visible, cases_visible_to
from frontoffice.constants import ConfirmationStatus, ThreadSide
from frontoffice.models import CaseMessage, Confirmation, Enquiry, PaperBag, ThreadRead
from hall import clock as hall_clock
from hall.constants import SEE_ALL_ROLES, Role
from hall.selectors import staff_profile_of

# --- 首问负责 -------------------------------------------------------------------------


def enquiries_visible_to(user):
    """Supervisors and hall admins see every enquiry; staff those they asked, own or passed on."""
    profile = staff_profile_of(user)
    if profile is None:
        return Enquiry.objects.none()
    qs = Enquiry.objects.select_related("item", "window", "first_owner", "owner")
    if profile.role in SEE_ALL_ROLES:
        return qs
    mine = Q(first_owner=user) | Q(owner=user) | Q(handovers__from_user=user) | Q(handovers__to_user=user)
    return qs.filter(mine).distinct()


def enquiry_get(*, user, pk):
    enquiry = enquiries_visible_to(user).filter(pk=pk).first()
    if enquiry is None:
        raise Http404(_("咨询记录不存在或您无权查看。"))
    return enquiry


def enquiries_owned(*, user):
    """What this staff member still has to answer (首问负责: until answered or handed on)."""
    return enquiries_visible_to(user).filter(owner=user, status="open")


def enquiry_figures(*, days=30, now=None):
    """What people ask most: enquiries per item (or free topic) over the last `days` days."""
    now = now or hall_clock.now()
    since = now - timedelta(days=days)
    rows = (
        Enquiry.objects.filter(asked_at__gte=since)
        .values("item__code", "item__name", "topic")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status="open")), lists=Count("list_given_at"))
        .order_by("-total", "item__name", "topic")
    )
    return list(rows)


def staff_to_hand_to(*, exclude):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(staff_profile__isnull=False, is_active=True)
        .exclude(pk=exclude.pk)
        .select_related("staff_profile", "staff_profile__department", "staff_profile__window")
        .order_by("staff_profile__role", "username")
    )


# --- 窗口无权否决 ----------------------------------------------------------------------


def confirmations_for(*, user):
    """Pending requests this user may confirm: the chief's department; every one for supervisors."""
    profile = staff_profile_of(user)
    qs = Confirmation.objects.filter(status=ConfirmationStatus.PENDING).select_related(
        "case", "case__item", "case__department", "requested_by"
    )
    if profile is None:
        return qs.none()
    if profile.role == Role.SUPERVISOR:
        return qs
    if profile.role == Role.CHIEF:
        return qs.filter(case__department_id=profile.department_id)
    return qs.none()


def confirmation_get(*, user, pk):
    """A request visible to the user: the deciders above, or the clerk who asked."""
    row = (
        Confirmation.objects.select_related("case", "case__department", "requested_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise Http404(_("待确认事项不存在。"))
    from frontoffice.services.vetting import may_confirm

    if row.requested_by_id != user.pk and not may_confirm(user, row.case):
        raise Http404(_("待确认事项不存在。"))
    return row


def case_confirmations(*, case):
    return list(Confirmation.objects.filter(case=case).select_related("requested_by", "decided_by").order_by("-pk"))


# --- 平台对话框 ------------------------------------------------------------------------


def thread_side(user, case):
    """Which side the user speaks for on this case's conversation, or None (no part in it)."""
    profile = staff_profile_of(user)
    if profile is None:
        return None
    if profile.role == Role.FRONT_DESK and policies.front_desk_handles(profile, case.department_id):
        return ThreadSide.DESK
    if policies.department_staff(profile, case.department_id):
        return ThreadSide.DEPARTMENT
    if profile.role == Role.SUPERVISOR:
        return ThreadSide.REGULATOR
    return None


def thread_case(*, user, number):
    """The case of a conversation: visible to the user and with a side to speak for, else 404."""
    case = case_get_visible(user=user, number=number)
    if thread_side(user, case) is None:
        raise Http404(_("办件不存在或您无权查看。"))
    return case


def thread_messages(*, case, after=0):
    return list(CaseMessage.objects.filter(case=case, pk__gt=after).select_related("author").order_by("pk"))


def _thread_cases(user):
    """The cases whose conversation counts for the user's unread figure."""
    profile = staff_profile_of(user)
    if profile is None:
        return None
    if profile.role == Role.FRONT_DESK and profile.window_id:
        return cases_visible_to(user).filter(window_id=profile.window_id)
    if profile.role in (Role.REVIEWER, Role.CHIEF):
        return cases_visible_to(user)
    return None


def unread_by_case(*, user):
    """[{"case__number", "unread"}] of conversations with messages the user has not read."""
    cases = _thread_cases(user)
    if cases is None:
        return []
    last = ThreadRead.objects.filter(case=OuterRef("case"), user=user).values("last_message_id")[:1]
    return list(
        CaseMessage.objects.filter(case__in=cases.values("pk"))
        .exclude(author=user)
        .annotate(read_upto=Coalesce(Subquery(last), 0))
        .filter(pk__gt=F("read_upto"))
        .values("case__number", "case__item__name")
        .annotate(unread=Count("pk"))
        .order_by("case__number")
    )


def thread_with_unread(*, case, user):
    """The case's messages and how many of them the user has not read, in one query."""
    last = ThreadRead.objects.filter(case=OuterRef("case"), user=user).values("last_message_id")[:1]
    rows = list(
        CaseMessage.objects.filter(case=case)
        .select_related("author")
        .annotate(read_upto=Coalesce(Subquery(last), 0))
        .order_by("pk")
    )
    unread = sum(1 for m in rows if m.pk > m.read_upto and m.author_id != user.pk)
    return rows, unread


def unread_on_case(*, user, case):
    read = ThreadRead.objects.filter(case=case, user=user).values_list("last_message_id", flat=True).first() or 0
    return CaseMessage.objects.filter(case=case, pk__gt=read).exclude(author=user).count()


# --- 文件袋 ----------------------------------------------------------------------------


def bag_by_code(*, user, code):
    """The bag with this code whose case the user may see, else 404."""
    bag = PaperBag.objects.select_related("case").filter(code__iexact=(code or "").strip()).first()
    # A bag of a case the user may not see is "not found" too: its existence is not told.
    if bag is None or not cases_visible_to(user).filter(pk=bag.case_id).exists():
        raise Http404(_("没有找到该文件袋，请核对条码。"))
    return bag


def case_bags(*, case):
    return list(
        PaperBag.objects.filter(case=case).prefetch_related("handovers", "handovers__recorded_by").order_by("pk")
    )


def bags_missing_handover(*, now=None, limit=100):
    """Bags whose next handover is past due (for the supervisor board), oldest first."""
    now = now or hall_clock.now()
    return list(
        PaperBag.objects.filter(done_at__isnull=True, next_due_at__lt=now)
        .select_related("case", "case__item", "case__department")
        .order_by("next_due_at")[:limit]
    )


def confirmations_overdue(*, now=None, limit=100):
    now = now or hall_clock.now()
    return list(
        Confirmation.objects.filter(status=ConfirmationStatus.PENDING, due_at__lt=now)
        .select_related("case", "case__department", "requested_by")
        .order_by("due_at")[:limit]
    )
