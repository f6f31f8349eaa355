"""Pages of 告知承诺: the department's list (red/yellow/green), a case's letter and commitments,
the printable letter (HTML and PDF), the public 失信名单 and the supervision counts."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_fsm import TransitionNotAllowed

from approvals.constants import MaterialStatus
from approvals.policies import department_staff, front_desk_handles, is_own_applicant
from approvals.selectors import case_get_visible
from approvals.workbench.helpers import staff_required
from commitments import pdf, selectors, services
from commitments.constants import CommitmentStatus, Level, ListingStatus
from commitments.models import Commitment, CommitmentLetter, CreditListing
from hall.constants import Role
from hall.selectors import staff_profile_of

LIST_ROLES = (Role.FRONT_DESK, Role.REVIEWER, Role.CHIEF, Role.SUPERVISOR, Role.HALL_ADMIN)
COUNT_ROLES = (Role.REVIEWER, Role.CHIEF, Role.SUPERVISOR, Role.HALL_ADMIN)


def login_required_page(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_safe
@staff_required(*LIST_ROLES)
def commitment_list(request):
    """承诺事项 coming due and overdue (the department's own; all for supervisors)."""
    number = (request.GET.get("case") or "").strip()
    if number:
        return redirect("commitments:case", number=number)
    filters = {k: request.GET.get(k) for k in ("status", "level", "kind")}
    if not any(filters.values()):
        filters["status"] = ""
    rows = list(selectors.commitment_list(user=request.user, filters=filters)[:300])
    now = timezone.now()
    for row in rows:
        row.current_level = row.level_at(now)
    context = {
        "rows": rows,
        "filters": filters,
        "levels": Level.choices[:3],
        "statuses": CommitmentStatus.choices,
        "notices": selectors.regulator_notices(user=request.user)[:20],
    }
    return render(request, "commitments/list.html", context)


def _case_context(request, case):
    letter = CommitmentLetter.objects.filter(case=case).first()
    # each row's active listing comes in one query for all rows, not one per row
    active = Prefetch(
        "listings",
        queryset=CreditListing.objects.filter(status=ListingStatus.ACTIVE).order_by("-listed_at", "-id"),
        to_attr="active_listings",
    )
    rows = list(
        Commitment.objects.filter(case=case)
        .select_related("rectification")
        .prefetch_related(active)
        .order_by("requirement_id")
    )
    now = timezone.now()
    for row in rows:
        row.current_level = row.level_at(now)
        row.listing = row.active_listings[0] if row.active_listings else None
    profile = staff_profile_of(request.user)
    listing = services.active_listing_for(case.applicant_id_number)
    promised = list(case.materials.filter(status=MaterialStatus.COMMITTED).order_by("position"))
    preview = ""
    if promised and (letter is None or not letter.signed):
        preview = services.letter_text(case=case, materials=promised)
    result = getattr(case, "result", None) if hasattr(case, "result") else None
    return {
        "case": case,
        "letter": letter,
        "preview": preview,
        "promised": promised,
        "rows": rows,
        "listing": listing,
        "bar_message": services.bar_message(listing) if listing else "",
        "listings": CreditListing.objects.filter(case=case).order_by("-listed_at"),
        "result": result,
        "is_applicant": is_own_applicant(request.user, case),
        "is_desk": front_desk_handles(profile, case.department_id),
        "is_department": department_staff(profile, case.department_id),
        "is_chief": department_staff(profile, case.department_id, roles=(Role.CHIEF,)),
        "config": services.config_for(case.item),
    }


@require_safe
@login_required_page
def case_page(request, number):
    case = case_get_visible(user=request.user, number=number)
    return render(request, "commitments/case.html", _case_context(request, case))


@require_safe
@login_required_page
def letter_print(request, number):
    case, letter = selectors.letter_get(user=request.user, number=number)
    text = letter.text if letter else services.letter_text(case=case)
    return render(request, "commitments/letter_print.html", {"case": case, "letter": letter, "text": text})


@require_safe
@login_required_page
def letter_pdf(request, number):
    case, letter = selectors.letter_get(user=request.user, number=number)
    text = letter.text if letter else services.letter_text(case=case)
    response = HttpResponse(pdf.letter_pdf(case=case, letter=letter, text=text), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="commitment-{case.number}.pdf"'
    return response


def _act(request, case, action):
    data = request.POST
    if action == "sign":
        services.letter_sign(
            case=case,
            by=request.user,
            via=data.get("via") or "",
            signer_name=data.get("signer_name") or "",
            signer_id_number=data.get("signer_id_number") or "",
            text_sha256=data.get("text_sha256") or "",
        )
        return _("告知承诺书已签署。")
    if action == "onsite-check":
        services.onsite_check_record(case=case, by=request.user, note=data.get("note") or "")
        return _("现场核查已登记。")
    if action == "revoke":
        services.decision_revoke(case=case, by=request.user, reason=data.get("reason") or "")
        return _("许可决定已撤销，证照核验页将显示“已撤销”。")
    if action == "repair":
        listing = CreditListing.objects.filter(case=case, pk=_int(data.get("listing"))).first()
        if listing is None:
            raise Http404
        services.listing_repair(listing=listing, by=request.user, note=data.get("note") or "")
        return _("信用修复已完成，申请人已移出失信名单。")
    commitment = Commitment.objects.filter(case=case, pk=_int(data.get("commitment"))).first()
    if commitment is None:
        raise Http404
    if action == "supply":
        services.commitment_supply(
            commitment=commitment,
            by=request.user,
            file=request.FILES.get("file"),
            paper=bool(data.get("paper")),
            note=data.get("note") or "",
        )
        return _("承诺材料已补交，等待部门核验。")
    if action == "verify":
        services.commitment_verify(
            commitment=commitment, by=request.user, accept=data.get("accept") == "1", reason=data.get("reason") or ""
        )
        return _("核验结果已登记。")
    if action == "list":
        services.listing_create(commitment=commitment, by=request.user, reason=data.get("reason") or "")
        return _("已列入失信名单。")
    raise Http404


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
@login_required_page
def case_action(request, number, action):
    case = case_get_visible(user=request.user, number=number)
    try:
        done = _act(request, case, action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        context = _case_context(request, case)
        return render(request, "commitments/case.html", context, status=400)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您无权办理此操作。"))
        return render(request, "commitments/case.html", _case_context(request, case), status=403)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return render(request, "commitments/case.html", _case_context(request, case), status=409)
    messages.success(request, done)
    return redirect(reverse("commitments:case", kwargs={"number": case.number}))


@require_safe
def public_list(request):
    """失信名单 公示 (no login)."""
    rows = list(selectors.listings_public()[:200])
    now = timezone.now()
    for row in rows:
        row.publicity = row.in_publicity(now)
    return render(request, "commitments/public_list.html", {"rows": rows})


@require_safe
@staff_required(*COUNT_ROLES)
def counts_page(request):
    rows = selectors.supervision_counts(user=request.user)
    totals = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, int) and key not in ("ordinary_limit_days", "average_days", "days_saved"):
                totals[key] = totals.get(key, 0) + value
    return render(request, "commitments/counts.html", {"rows": rows, "totals": totals})
