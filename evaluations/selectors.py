"""Reads of 好差评, scoped by who asks. An object outside the user's scope does not exist (404)."""

import hashlib
import hmac

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from evaluations.constants import CampaignState, OccasionKind, OccasionStatus, TicketKind
from evaluations.models import Award, Ballot, Campaign, CampaignOffice, Rating, RatingOccasion, Ticket
from evaluations.services._base import role_of_staff
from hall.constants import Role
from hall.models import Window
from hall.selectors import staff_profile_of

SEE_ALL = {Role.SUPERVISOR, Role.HALL_ADMIN}


# --------------------------------------------------------------------------- the pad


def pad_key(window):
    """The secret in a window pad's address: the tablet needs no login, only this link."""
    key = (settings.EVALUATIONS_HASH_KEY or settings.SECRET_KEY).encode()
    # Window numbers repeat across the halls of a network: the key also names the hall (except the
    # home hall's, so pads set up before the network keep their links).
    home = getattr(settings, "HALL_CODE", "home")
    where = "" if window.hall.code == home else f"{window.hall.code}|"
    return hmac.new(key, f"pad|{where}{window.number}".encode(), hashlib.sha256).hexdigest()[:24]


def pad_window(*, number, key):
    for window in Window.objects.filter(number=number, is_active=True).select_related("hall"):
        if hmac.compare_digest(pad_key(window), key or ""):
            return window
    raise Http404


def pad_occasion(*, window, now=None):
    """The occasion the clerk pushed to this window's pad, if it is still waiting."""
    now = now or timezone.now()
    return (
        RatingOccasion.objects.filter(
            window=window,
            kind=OccasionKind.WINDOW,
            status=OccasionStatus.PENDING,
            presented_at__isnull=False,
            expires_at__gt=now,
        )
        .select_related("staff", "case")
        .order_by("-presented_at")
        .first()
    )


def recent_window_occasions(*, window, limit=20):
    return (
        RatingOccasion.objects.filter(window=window, kind=OccasionKind.WINDOW)
        .select_related("case", "rating", "staff")
        .order_by("-created_at")[:limit]
    )


# --------------------------------------------------------------------------- applicants


def occasion_by_token(*, token):
    occasion = (
        RatingOccasion.objects.filter(token=token or "", kind=OccasionKind.ONLINE)
        .select_related("case", "case__item", "department")
        .first()
    )
    if occasion is None:
        raise Http404
    return occasion


def my_online_occasions(*, user):
    return (
        RatingOccasion.objects.filter(applicant_user=user, kind=OccasionKind.ONLINE)
        .select_related("case", "case__item", "rating", "rating__ticket")
        .order_by("-created_at")
    )


def my_occasion(*, user, number):
    occasion = my_online_occasions(user=user).filter(case__number=number).first()
    if occasion is None:
        raise Http404
    return occasion


def my_tickets(*, user):
    return (
        Ticket.objects.filter(
            Q(rating__rater_user=user) | Q(rating__occasion__applicant_user=user) | Q(complaint__complainant_user=user)
        )
        .select_related("rating", "complaint", "department")
        .order_by("-opened_at")
    )


# --------------------------------------------------------------------------- staff


def ratings_visible_to(user):
    """Supervisors and the hall admin: all; department staff: their department's; window clerks:
    their window's; applicants: their own; others none."""
    if user is None or not user.is_authenticated:
        return Rating.objects.none()
    role = role_of_staff(user)
    qs = Rating.objects.select_related("department", "window", "item", "case", "staff")
    if role in SEE_ALL:
        return qs
    profile = staff_profile_of(user)
    if role in (Role.REVIEWER, Role.CHIEF):
        return qs.filter(department_id=profile.department_id)
    if role in (Role.FRONT_DESK, Role.DELIVERY):
        return qs.filter(Q(window_id=profile.window_id) | Q(staff=user)) if profile.window_id else qs.filter(staff=user)
    if role is None:
        return qs.filter(Q(rater_user=user) | Q(occasion__applicant_user=user))
    return qs.none()


def tickets_visible_to(user):
    if user is None or not user.is_authenticated:
        return Ticket.objects.none()
    role = role_of_staff(user)
    qs = Ticket.objects.select_related("rating", "complaint", "department", "window", "staff")
    if role in SEE_ALL:
        return qs
    profile = staff_profile_of(user)
    if role == Role.COMPLAINT_DESK:
        return qs.filter(kind=TicketKind.COMPLAINT)
    if role in (Role.REVIEWER, Role.CHIEF):
        return qs.filter(department_id=profile.department_id)
    if role in (Role.FRONT_DESK, Role.DELIVERY):
        return qs.filter(Q(staff=user) | Q(window_id=profile.window_id)) if profile.window_id else qs.filter(staff=user)
    return qs.none()


def ticket_detail(*, user, pk):
    # The page names who called back, responded and reviewed: joined, not one query each.
    ticket = tickets_visible_to(user).select_related("callback_by", "responded_by", "reviewed_by").filter(pk=pk).first()
    if ticket is None:
        raise Http404
    return ticket


# --------------------------------------------------------------------------- public


def current_stars():
    """Confirmed awards of the latest period that has any, grouped by kind."""
    latest = (
        Award.objects.filter(confirmed_at__isnull=False).order_by("-period").values_list("period", flat=True).first()
    )
    if latest is None:
        return None, []
    awards = (
        Award.objects.filter(confirmed_at__isnull=False, period=latest)
        .select_related("window", "window__department", "staff", "staff__staff_profile__window")
        .order_by("kind", "-average")
    )
    return latest, list(awards)


def campaign_results(campaign):
    """Offices ranked by ballots (most first), each with its behaviour counts and examples."""
    return campaigns_with_results([campaign])[0]["rows"]


def campaigns_with_results(campaigns):
    """[{campaign, rows, ballots}] for several campaigns in four queries, whatever their number
    (the campaigns page lists twenty: one query per campaign and office was one per row)."""
    ids = [c.pk for c in campaigns]
    offices = (
        CampaignOffice.objects.filter(campaign_id__in=ids)
        .select_related("department")
        .annotate(n=Count("ballots"))
        .prefetch_related("checks")
        .order_by("-n", "name")
    )
    ballots = Ballot.objects.filter(campaign_id__in=ids).order_by("cast_at")
    offices_of, by_office, ballot_count = {}, {}, {}
    for office in offices:
        offices_of.setdefault(office.campaign_id, []).append(office)
    for ballot in ballots:
        by_office.setdefault(ballot.office_id, []).append(ballot)
        ballot_count[ballot.campaign_id] = ballot_count.get(ballot.campaign_id, 0) + 1
    return [
        {
            "campaign": campaign,
            "rows": _office_rows(offices_of.get(campaign.pk, []), by_office),
            "ballots": ballot_count.get(campaign.pk, 0),
        }
        for campaign in campaigns
    ]


def _office_rows(offices, by_office):
    rows = []
    for rank, office in enumerate(offices, 1):
        counts = {}
        for ballot in by_office.get(office.pk, []):
            for label in ballot.behaviour_labels():
                counts[label] = counts.get(label, 0) + 1
        rows.append(
            {
                "rank": rank,
                "office": office,
                "ballots": office.n,
                "behaviours": sorted(counts.items(), key=lambda kv: -kv[1]),
                "examples": [b.example for b in by_office.get(office.pk, [])][:5],
                "checks": list(office.checks.all()),
            }
        )
    return rows


def published_campaign(pk):
    campaign = Campaign.objects.filter(pk=pk, state=CampaignState.PUBLISHED).first()
    if campaign is None:
        raise Http404
    return campaign


# --------------------------------------------------------------------------- the board


def satisfaction(*, since, until=None):
    """Ratings by department, window and item since a time: count, average, satisfaction rate, 差评."""
    qs = Rating.objects.filter(rated_at__gte=since)
    if until is not None:
        qs = qs.filter(rated_at__lt=until)
    agg = {
        "n": Count("id"),
        "avg": Avg("score"),
        "good": Count("id", filter=Q(score__gte=3)),
        "bad": Count("id", filter=Q(score__lte=2)),
    }

    def rows(key, name, prefix=None):
        out = []
        fields = [key, name] + ([prefix] if prefix else [])
        for r in qs.filter(**{f"{key}__isnull": False}).values(*fields).annotate(**agg).order_by("-n"):
            out.append(
                {
                    "name": f"{r[prefix]}号 {r[name]}" if prefix else r[name],
                    "n": r["n"],
                    "avg": round(r["avg"] or 0, 2),
                    "rate": round(100 * r["good"] / r["n"], 1) if r["n"] else None,
                    "bad": r["bad"],
                }
            )
        return out

    total = qs.aggregate(**agg)
    trend = [
        {
            "month": r["m"],
            "n": r["n"],
            "avg": round(r["avg"] or 0, 2),
            "rate": round(100 * r["good"] / r["n"], 1) if r["n"] else None,
        }
        for r in Rating.objects.annotate(m=TruncMonth("rated_at")).values("m").annotate(**agg).order_by("-m")[:6]
    ]
    return {
        "total": {
            "n": total["n"],
            "avg": round(total["avg"] or 0, 2),
            "bad": total["bad"],
            "rate": round(100 * total["good"] / total["n"], 1) if total["n"] else None,
        },
        "by_department": rows("department_id", "department__name"),
        "by_window": rows("window_id", "window__name", "window__number"),
        "by_item": rows("item_id", "item__name")[:30],
        "trend": trend,
        "open_tickets": Ticket.objects.exclude(state="closed").count(),
        "overdue_tickets": Ticket.objects.exclude(state="closed").filter(deadline_at__lt=timezone.now()).count(),
    }
