"""The 审管互动 pages: the regulator inbox, handoffs, joint reviews, threads and the board.

Anonymous visitors go to the login page; staff see only what selectors scope to their
department (404 otherwise).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_fsm import TransitionNotAllowed

from approvals import selectors as case_selectors
from approvals.models import CaseMaterial
from approvals.workbench.helpers import add_service_errors, staff_required
from audit import services as audit
from hall import clock as hall_clock
from hall.constants import Role
from regulators import selectors
from regulators.constants import JointReviewStatus, ThreadStatus
from regulators.forms import AcknowledgeForm, CloseForm, JointReviewForm, OpinionForm, ReplyForm, ThreadForm
from regulators.services import handoffs as handoff_services
from regulators.services import joint_reviews as jr_services
from regulators.services import threads as thread_services

WAITING_LIMIT = 200


def _with_levels(rows, now):
    for row in rows:
        row.level_now = row.level(now)
    return rows


@staff_required()
def inbox(request):
    """审管互动 inbox: handoffs to sign for, opinions to give, joint reviews started, threads."""
    now = hall_clock.now()
    handoffs = selectors.handoffs_for(user=request.user)
    department = selectors.department_of(request.user)
    context = {
        "department": department,
        "waiting": _with_levels(
            list(handoffs.filter(acknowledged_at__isnull=True).order_by("deadline_at")[:WAITING_LIMIT]), now
        ),
        "acknowledged": list(handoffs.filter(acknowledged_at__isnull=False).order_by("-acknowledged_at")[:20]),
        "invitations": _with_levels(list(selectors.invitations_waiting(department=department)), now)
        if department
        else [],
        "reviews": _with_levels(
            list(selectors.joint_reviews_for(user=request.user).filter(status=JointReviewStatus.OPEN)[:50]), now
        ),
        "threads": _with_levels(
            list(selectors.threads_for(user=request.user).exclude(status=ThreadStatus.CLOSED)[:50]), now
        ),
    }
    return render(request, "regulators/inbox.html", context)


@staff_required()
@require_http_methods(["GET", "POST"])
def handoff_detail(request, pk):
    handoff = selectors.handoff_get(user=request.user, pk=pk)
    form = AcknowledgeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                handoff_services.handoff_acknowledge(handoff=handoff, by=request.user, note=form.cleaned_data["note"])
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, _("已签收。"))
                return redirect("regulators:handoff", pk=handoff.pk)
        else:
            status = 400
    handoff.level_now = handoff.level(hall_clock.now())
    if request.method == "GET":
        audit.record_case_view(request=request, case=handoff.case, view="regulator-handoff")
    may_ack = selectors.is_department_staff(request.user, handoff.regulator_id)
    return render(
        request, "regulators/handoff.html", {"handoff": handoff, "form": form, "may_ack": may_ack}, status=status
    )


@staff_required()
@require_GET
def handoff_material(request, pk, requirement_id):
    """A material's file of a handed-off case, for the regulator's staff (404 otherwise)."""
    handoff = selectors.handoff_get(user=request.user, pk=pk)
    material = CaseMaterial.objects.filter(case_id=handoff.case_id, requirement_id=requirement_id).first()
    if material is None or not material.file:
        raise Http404(_("该材料没有电子文件。"))
    name = material.file.name.rsplit("/", 1)[-1]
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("该材料的电子文件已丢失。")) from None
    audit.record_file_download(request=request, case=handoff.case, file_kind="material", name=name)
    return FileResponse(handle, content_type=material.content_type or None, filename=name)


@staff_required(Role.REVIEWER, Role.CHIEF)
@require_http_methods(["GET", "POST"])
def joint_review_new(request, number):
    case = case_selectors.case_get_visible(user=request.user, number=number)
    form = JointReviewForm(request.POST or None, case=case)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = jr_services.joint_review_request(
                    case=case,
                    kind=data["kind"],
                    subject=data["subject"],
                    departments=list(data["departments"]),
                    limit_days=data["limit_days"],
                    materials=data["materials"],
                    site_at=data["site_at"],
                    site_address=data["site_address"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            except (PermissionDenied, TransitionNotAllowed) as exc:
                form.add_error(None, str(exc))
                status = 409 if isinstance(exc, TransitionNotAllowed) else 403
            else:
                messages.success(request, _("已发起联合审查，受邀部门将在答复时限内答复。"))
                return redirect("regulators:joint-review", pk=review.pk)
        else:
            status = 400
    return render(request, "regulators/joint_review_new.html", {"case": case, "form": form}, status=status)


@staff_required(Role.REVIEWER, Role.CHIEF)
def joint_review_start(request):
    """From the inbox: the case number typed in → its joint-review form (404 if not visible)."""
    number = (request.GET.get("number") or "").strip()
    if not number:
        messages.error(request, _("请输入办件编号。"))
        return redirect("regulators:inbox")
    case = case_selectors.case_get_visible(user=request.user, number=number)
    return redirect("regulators:joint-review-new", number=case.number)


@staff_required()
@require_http_methods(["GET", "POST"])
def joint_review_detail(request, pk):
    review = selectors.joint_review_get(user=request.user, pk=pk)
    department = selectors.department_of(request.user)
    mine = next((i for i in review.invitation_rows if department and i.department_id == department.pk), None)
    opinion_form = OpinionForm(prefix="op")
    close_form = CloseForm(prefix="close")
    status = 200
    if request.method == "POST":
        try:
            if "op-opinion" in request.POST:
                opinion_form = OpinionForm(request.POST, request.FILES, prefix="op")
                if not opinion_form.is_valid() or mine is None:
                    if mine is None:
                        raise PermissionDenied(_("本部门未受邀参加该联合审查。"))
                    status = 400
                else:
                    jr_services.invitation_answer(invitation=mine, by=request.user, **opinion_form.cleaned_data)
                    messages.success(request, _("意见已提交，已记入办件过程。"))
                    return redirect("regulators:joint-review", pk=review.pk)
            else:
                close_form = CloseForm(request.POST, prefix="close")
                if not close_form.is_valid():
                    status = 400
                else:
                    jr_services.joint_review_close(review=review, by=request.user, **close_form.cleaned_data)
                    messages.success(request, _("联合审查已结束。"))
                    return redirect("regulators:joint-review", pk=review.pk)
        except ValidationError as exc:
            add_service_errors(opinion_form if "op-opinion" in request.POST else close_form, exc)
            status = 400
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            status = 403
    now = hall_clock.now()
    _with_levels(review.invitation_rows, now)
    review.level_now = review.level(now)
    context = {
        "review": review,
        "mine": mine,
        "opinion_form": opinion_form,
        "close_form": close_form,
        "may_close": review.status == JointReviewStatus.OPEN
        and selectors.is_department_staff(request.user, review.department_id),
        "case_visible": case_selectors.cases_visible_to(request.user).filter(pk=review.case_id).exists(),
    }
    return render(request, "regulators/joint_review.html", context, status=status)


@staff_required(Role.REVIEWER, Role.CHIEF)
@require_http_methods(["GET", "POST"])
def thread_new(request):
    form = ThreadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = thread_services.thread_open(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, _("已发送，对方须在期限内签收或答复。"))
                return redirect("regulators:thread", pk=thread.pk)
        else:
            status = 400
    return render(request, "regulators/thread_new.html", {"form": form}, status=status)


@staff_required()
@require_http_methods(["GET", "POST"])
def thread_detail(request, pk):
    thread = selectors.thread_get(user=request.user, pk=pk)
    form = ReplyForm()
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "reply")
        try:
            if op == "acknowledge":
                thread_services.thread_acknowledge(thread=thread, by=request.user)
                messages.success(request, _("已签收。"))
                return redirect("regulators:thread", pk=thread.pk)
            if op == "close":
                thread_services.thread_close(thread=thread, by=request.user)
                messages.success(request, _("已办结。"))
                return redirect("regulators:thread", pk=thread.pk)
            form = ReplyForm(request.POST, request.FILES)
            if form.is_valid():
                thread_services.thread_reply(thread=thread, by=request.user, **form.cleaned_data)
                messages.success(request, _("已发送。"))
                return redirect("regulators:thread", pk=thread.pk)
            status = 400
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            status = 403
    thread.level_now = thread.level(hall_clock.now())
    department = selectors.department_of(request.user)
    context = {
        "thread": thread,
        "form": form,
        "is_receiver": department is not None and department.pk == thread.to_department_id,
        "is_sender": department is not None and department.pk == thread.from_department_id,
    }
    return render(request, "regulators/thread.html", context, status=status)


@staff_required(Role.SUPERVISOR, Role.HALL_ADMIN)
def board(request):
    """督查: handoffs waiting / overdue and overdue joint-review opinions, per department."""
    now = hall_clock.now()
    return render(request, "regulators/board.html", {"rows": selectors.board_rows(now=now), "now": now})
