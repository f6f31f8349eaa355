"""Reads of 告知承诺, scoped by who asks: through the cases they may see (approvals.selectors).

A row of a case the user cannot see does not exist for them (404).
"""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from approvals.selectors import case_get_visible, cases_visible_to
from commitments.constants import CommitmentStatus, Level, ListingStatus, RectificationStatus
from commitments.models import Commitment, CommitmentLetter, CreditListing, Rectification, RegulatorNotice
from hall.constants import SEE_ALL_ROLES
from hall.selectors import staff_profile_of


def commitments_visible_to(user):
    return Commitment.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case", "item", "department", "rectification"
    )


def commitment_list(*, user, filters=None, now=None):
    """filters: status, level (red/yellow/green), kind, department (code), case (number)."""
    filters = filters or {}
    qs = commitments_visible_to(user).order_by("due_at", "id")
    if filters.get("status") in CommitmentStatus.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("level") in Level.values:
        qs = qs.at_level(filters["level"], now=now)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("department"):
        qs = qs.filter(department__code=filters["department"])
    if filters.get("case"):
        qs = qs.filter(case__number=filters["case"])
    return qs


def commitment_get(*, user, pk):
    row = commitments_visible_to(user).filter(pk=pk).first()
    if row is None:
        raise Http404("承诺事项不存在或您无权查看。")
    return row


def letter_get(*, user, number):
    case = case_get_visible(user=user, number=number)
    return case, CommitmentLetter.objects.filter(case=case).first()


def rectifications_visible_to(user):
    return Rectification.objects.filter(commitment__case__in=cases_visible_to(user)).select_related(
        "commitment", "commitment__case"
    )


def listings_staff(*, user):
    """Listings of the cases the user sees (staff scoping); the public list is `listings_public`."""
    return CreditListing.objects.filter(case__in=cases_visible_to(user)).select_related("case", "department")


def listing_get(*, user, pk):
    row = listings_staff(user=user).filter(pk=pk).first()
    if row is None:
        raise Http404("失信记录不存在或您无权查看。")
    return row


def listings_public(*, now=None):
    """失信名单 公示: active listings (the ID number is shown masked)."""
    return (
        CreditListing.objects.filter(status=ListingStatus.ACTIVE, bars_until__gt=now or timezone.now())
        .select_related("department", "case__item")
        .order_by("-listed_at", "-id")
    )


def regulator_notices(*, user):
    profile = staff_profile_of(user)
    if profile is None or profile.department_id is None:
        return RegulatorNotice.objects.none()
    return RegulatorNotice.objects.filter(department_id=profile.department_id).select_related("case")


def supervision_counts(*, user, now=None):
    """Counts by department and item: commitments, fulfilled on time, overdue, in rectification,
    listed, repaired. Supervisors and hall admins see all; department staff their own."""
    now = now or timezone.now()
    profile = staff_profile_of(user)
    qs = Commitment.objects.all()
    if not user.is_superuser and (profile is None or profile.role not in SEE_ALL_ROLES):
        if profile is None or profile.department_id is None:
            return []
        qs = qs.filter(department_id=profile.department_id)
    running = [CommitmentStatus.OPEN, CommitmentStatus.SUPPLIED]
    rows = (
        qs.values("department__name", "item__name", "item__code")
        .annotate(
            total=Count("id"),
            cases=Count("case", distinct=True),
            fulfilled_on_time=Count("id", filter=Q(status=CommitmentStatus.FULFILLED, on_time=True)),
            fulfilled_late=Count("id", filter=Q(status=CommitmentStatus.FULFILLED, on_time=False)),
            open=Count("id", filter=Q(status__in=running, due_at__gte=now)),
            overdue=Count("id", filter=Q(status__in=running, due_at__lt=now)),
            rectifying=Count("id", filter=Q(rectification__status=RectificationStatus.OPEN)),
            breached=Count("id", filter=Q(status=CommitmentStatus.BREACHED)),
            listed=Count("listings", filter=Q(listings__status=ListingStatus.ACTIVE), distinct=True),
            repaired=Count("listings", filter=Q(listings__status=ListingStatus.REPAIRED), distinct=True),
        )
        .order_by("department__name", "item__code")
    )
    rows = list(rows)
    _time_saved(rows)
    return rows


def _time_saved(rows):
    """Per item: working days from application to certificate on commitment, against the
    promised limit of the ordinary route (the time the applicant saved)."""
    from approvals.models import Result
    from catalog import clock
    from catalog.models import Item

    codes = [r["item__code"] for r in rows]
    limits = dict(Item.objects.filter(code__in=codes).values_list("code", "promised_limit_days"))
    taken = {}
    results = Result.objects.filter(
        case__item__code__in=codes, case__commitment_letter__signed_at__isnull=False
    ).values_list("case__item__code", "case__created_at", "issued_at")
    for code, created, issued in results:
        days = clock.working_days_between(timezone.localdate(created), timezone.localdate(issued))
        taken.setdefault(code, []).append(days)
    for row in rows:
        spent = taken.get(row["item__code"])
        row["ordinary_limit_days"] = limits.get(row["item__code"], 0)
        row["average_days"] = round(sum(spent) / len(spent), 1) if spent else None
        row["days_saved"] = (
            round(row["ordinary_limit_days"] - row["average_days"], 1) if row["average_days"] is not None else None
        )


def supply_due_date(*, case, material):
    """approvals' due-date source (approvals.supply): the commitment's own 补交期限, once the
    case was accepted and the commitment opened; None before that."""
    return (
        Commitment.objects.filter(case_id=case.pk, requirement_id=material.requirement_id)
        .values_list("due_date", flat=True)
        .first()
    )
