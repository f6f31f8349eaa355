"""Reads of the online hall, always scoped to the signed-in applicant (another's is a 404)."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import actions as action_table
from approvals.constants import Action, CaseState, DeliveryMethod, ResultKind, SuspensionKind
from approvals.models import Case, CaseMaterial, Result, Suspension
from approvals.selectors import case_events, case_public_progress, delivery_preference_of
from catalog.models import Item
from portal.constants import LibrarySource
from portal.models import LibraryMaterial

S = CaseState
# Where the applicant may still change what they uploaded.
EDITABLE_STATES = {S.DRAFT, S.SUBMITTED, S.SUPPLEMENT_REQUESTED}


def my_cases(*, user, state=None):
    """The applicant's own cases (never anyone else's, whatever their role), newest first."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    qs = (
        Case.objects.filter(applicant_user_id=user.pk)
        .with_level()
        .annotate(
            awaits_supplement=Exists(_open_supplement_not_answered()),
            suspension_kind=Subquery(
                Suspension.objects.filter(case_id=OuterRef("pk"), ended_at__isnull=True).values("kind")[:1]
            ),
        )
        .select_related("item", "department")
        .order_by("-created_at", "-id")
    )
    return qs.filter(state=state) if state else qs


def my_case(*, user, number):
    case = (
        my_cases(user=user)
        .select_related("item_version", "delivery_preference", "result")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404(_("办件不存在或您无权查看。"))
    return case


def my_case_detail(*, user, number):
    """The case with its materials, public timeline, supplement notice and open actions."""
    case = my_case(user=user, number=number)
    case.material_rows = list(case.materials.order_by("position", "requirement_id"))
    case.timeline = list(case_events(case=case, public_only=True))
    case.notice = supplement_notice(case, events=case.timeline)
    case.days_left = working_days_left(case)
    case.suspension = open_suspension(case)
    case.review_supplement = review_supplement_status(case, case.suspension, case.material_rows)
    case.actions = case_actions(case, user=user)
    return case


def open_suspension(case):
    """The suspension that stops the clock now (None unless suspended)."""
    if case.state != S.SUSPENDED:
        return None
    return case.suspensions.filter(ended_at__isnull=True).first()


def review_supplement_status(case, suspension, materials):
    """For a suspension of kind supplement (审查中补正): the department's request, and when the
    applicant last uploaded since it began (None: not yet). None for any other case."""
    if suspension is None or suspension.kind != SuspensionKind.SUPPLEMENT:
        return None
    times = [m.uploaded_at for m in materials if m.uploaded_at and m.uploaded_at >= suspension.started_at]
    return {"reason": suspension.reason, "since": suspension.started_at, "uploaded_at": max(times, default=None)}


def may_supplement_in_review(case):
    """True when the department suspended the case to wait for the applicant's material."""
    return case.state == S.SUSPENDED and (
        Suspension.objects.filter(case=case, ended_at__isnull=True, kind=SuspensionKind.SUPPLEMENT).exists()
    )


def _open_supplement_not_answered():
    """Open 审查中补正 suspensions of the outer case with no material uploaded since they began."""
    uploaded_since = CaseMaterial.objects.filter(case_id=OuterRef("case_id"), uploaded_at__gte=OuterRef("started_at"))
    return Suspension.objects.filter(
        case_id=OuterRef("pk"), ended_at__isnull=True, kind=SuspensionKind.SUPPLEMENT, case__state=S.SUSPENDED
    ).exclude(Exists(uploaded_since))


def result_of(case):
    try:
        return case.result
    except Result.DoesNotExist:
        return None


def supplement_notice(case, *, events=None):
    """The latest one-time notice: its note, the materials it names and when it was sent; None if none."""
    events = events if events is not None else case_events(case=case, public_only=True)
    latest = None
    for event in events:
        if event.action == Action.REQUEST_SUPPLEMENT:
            latest = event
    if latest is None:
        return None
    ids = set(latest.payload.get("materials") or [])
    return {
        "at": latest.at,
        "note": latest.note,
        "round": latest.payload.get("round"),
        "requirement_ids": ids,
        "names": latest.payload.get("names") or [],
    }


def working_days_left(case, *, now=None):
    """Working days from today to the deadline (0 on the last day, negative when overdue); None if no clock."""
    from catalog import clock

    if case.deadline_at is None or case.state not in (S.IN_REVIEW, S.SUSPENDED):
        return None
    today = timezone.localdate(now or timezone.now())
    due = timezone.localdate(case.deadline_at)
    if due >= today:
        return clock.working_days_between(today, due)
    # Past the deadline is overdue even when no working day has passed since (a weekend).
    return -max(1, clock.working_days_between(due, today))


def case_actions(case, *, user):
    """What the applicant may do now (the buttons the page shows).

    The case actions (submit, supplement, withdraw, choose_delivery) are the rows of
    approvals.actions offered on the portal, asked of their policy and transition; the rest
    are the portal's own pages (edit the draft, change materials, download the certificate).
    """
    result = result_of(case)
    choice = delivery_preference_of(case)
    electronic = (choice is not None and choice.method == DeliveryMethod.ELECTRONIC) or (
        case.delivery_method == DeliveryMethod.ELECTRONIC
    )
    has_certificate = result is not None and result.kind == ResultKind.CERTIFICATE
    flags = {row.slug.replace("-", "_"): row.offered(user, case) for row in action_table.rows(on=action_table.PORTAL)}
    return {
        **flags,
        "edit": case.state == S.DRAFT,
        "change_materials": case.state in EDITABLE_STATES,
        "supplement_in_review": getattr(case, "review_supplement", None) is not None,
        "download": has_certificate and electronic and case.state in (S.READY, S.DELIVERED),
    }


def missing_required(case):
    """Names of required materials not yet provided."""
    return list(
        case.materials.filter(required=True, status="missing").order_by("position").values_list("name", flat=True)
    )


def draft_for(*, user, item):
    """The applicant's unsent draft for this item, to resume it."""
    return my_cases(user=user, state=S.DRAFT).filter(item=item).first()


def online_item(*, code):
    item = Item.objects.select_related("department").filter(code=code, is_active=True).first()
    if item is None:
        raise Http404(_("事项不存在。"))
    return item


def library_for(*, owner):
    return LibraryMaterial.objects.filter(owner=owner).order_by("-created_at", "-id")


def library_item(*, owner, pk):
    material = LibraryMaterial.objects.filter(owner=owner, pk=pk).first()
    if material is None:
        raise Http404(_("材料不存在或您无权查看。"))
    return material


def library_pending_results(*, owner):
    """Certificates issued to the owner that are not kept in their library yet (read only)."""
    kept = LibraryMaterial.objects.filter(owner=owner, source=LibrarySource.RESULT).values("result_number")
    return issued_certificates(owner=owner).exclude(number__in=kept)


def issued_certificates(*, owner):
    """Certificates the hall issued on the owner's cases (they belong in the library)."""
    return (
        Result.objects.filter(case__applicant_user=owner, kind=ResultKind.CERTIFICATE)
        .select_related("case", "case__item", "case__department")
        .order_by("-issued_at")
    )


def verification(*, code):
    """A result by its verification code, with what the public page shows; None if unknown."""
    code = (code or "").strip().upper()
    result = (
        Result.objects.select_related("case", "case__item", "case__department").filter(verification_code=code).first()
    )
    if result is None:
        return None
    today = timezone.localdate()
    revoked = result.case.state == S.WITHDRAWN
    expired = result.valid_until is not None and result.valid_until < today
    result.is_valid = result.kind == ResultKind.CERTIFICATE and not revoked and not expired
    result.expired = expired
    return result


def public_progress(*, number, query_code):
    case = case_public_progress(number=number, query_code=query_code)
    if case is not None:
        case.days_left = working_days_left(case)
    return case


def compact_timeline(events):
    """The public timeline for a phone: consecutive material records fold into one entry."""
    entries = []
    for event in events:
        name = (event.payload or {}).get("name", "")
        last = entries[-1] if entries else None
        if event.action == Action.RECORD_MATERIAL and last and last["action"] == Action.RECORD_MATERIAL:
            last["names"].append(name)
            last["at"] = event.at
            continue
        changed = event.to_state and event.to_state != event.from_state
        entries.append(
            {
                "action": event.action,
                "label": event.label,
                "at": event.at,
                "state": event.get_to_state_display() if changed else "",
                "names": [name] if name else [],
                "note": event.note,
            }
        )
    return entries


# States in which the applicant has something to do (supplement, or receive a ready result).
TODO_STATES = (S.DRAFT, S.SUPPLEMENT_REQUESTED, S.READY)


def todo_count(*, user):
    """How many of the applicant's cases wait for them (one query; shown in the portal's menu)."""
    if user is None or not user.is_authenticated:
        return 0
    waiting = Q(state__in=TODO_STATES) | Q(Exists(_open_supplement_not_answered()))
    return Case.objects.filter(waiting, applicant_user_id=user.pk).count()
