"""Pages of the front office. Thin: validate → service/selector → render."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from approvals import selectors as case_selectors
from approvals.workbench.helpers import CONFLICT_MESSAGE, add_service_errors, staff_required
from audit import services as audit
from frontoffice import forms, selectors
from frontoffice.constants import BAG_ROUTE
from frontoffice.services import bags as bag_services
from frontoffice.services import enquiries as enquiry_services
from frontoffice.services import threads as thread_services
from frontoffice.services import vetting
from hall.constants import Role

# --- 首问负责与导询台 -------------------------------------------------------------------


@staff_required()
def enquiries(request):
    """The consultation log: record what was asked and answered; my enquiries still to answer."""
    form = forms.EnquiryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                enquiry = enquiry_services.enquiry_record(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("咨询已登记，您是该咨询的首问责任人。"))
                return redirect("frontoffice:enquiry", pk=enquiry.pk)
        status = 400
    context = {
        "form": form,
        "owned": list(selectors.enquiries_owned(user=request.user)[:50]),
        "recent": list(selectors.enquiries_visible_to(request.user)[:50]),
    }
    return render(request, "frontoffice/enquiries.html", context, status=status)


def _enquiry_page(request, enquiry, *, status=200, answer_form=None, hand_form=None):
    users = selectors.staff_to_hand_to(exclude=request.user)
    context = {
        "enquiry": enquiry,
        "handovers": list(enquiry.handovers.select_related("from_user", "to_user")),
        "is_owner": enquiry.owner_id == request.user.pk and enquiry.status == "open",
        "answer_form": answer_form or forms.AnswerForm(),
        "hand_form": hand_form or forms.HandOnForm(users=users),
    }
    return render(request, "frontoffice/enquiry.html", context, status=status)


@staff_required()
@require_GET
def enquiry(request, pk):
    return _enquiry_page(request, selectors.enquiry_get(user=request.user, pk=pk))


@staff_required()
@require_POST
def enquiry_answer(request, pk):
    enquiry = selectors.enquiry_get(user=request.user, pk=pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            enquiry_services.enquiry_answer(enquiry=enquiry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已答复。"))
            return redirect("frontoffice:enquiry", pk=enquiry.pk)
    return _enquiry_page(request, enquiry, status=400, answer_form=form)


@staff_required()
@require_POST
def enquiry_hand_on(request, pk):
    enquiry = selectors.enquiry_get(user=request.user, pk=pk)
    form = forms.HandOnForm(request.POST, users=selectors.staff_to_hand_to(exclude=request.user))
    if form.is_valid():
        try:
            enquiry_services.enquiry_hand_on(enquiry=enquiry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已移交并留有记录，接收人为该咨询的负责人。"))
            return redirect("frontoffice:enquiries")
    return _enquiry_page(request, enquiry, status=400, hand_form=form)


@staff_required()
@require_POST
def enquiry_give_list(request, pk):
    enquiry = selectors.enquiry_get(user=request.user, pk=pk)
    try:
        enquiry_services.enquiry_give_list(enquiry=enquiry, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("frontoffice:enquiry", pk=enquiry.pk)
    return redirect("frontoffice:enquiry-print", pk=enquiry.pk)


@staff_required()
@require_GET
def enquiry_print(request, pk):
    """一次性告知单: the item's conditions and every material, printed for the applicant on the spot."""
    enquiry = selectors.enquiry_get(user=request.user, pk=pk)
    if enquiry.item_id is None:
        raise Http404(_("该咨询未关联事项。"))
    item = enquiry.item
    context = {
        "enquiry": enquiry,
        "item": item,
        "materials": list(item.materials.order_by("position", "pk")),
        "guide_url": request.build_absolute_uri(reverse("catalog:guide-detail", kwargs={"code": item.code})),
        "printed_at": timezone.now(),
    }
    context["guide_qr"] = segno.make(context["guide_url"], error="m").svg_data_uri(scale=3)
    return render(request, "frontoffice/enquiry_print.html", context)


@staff_required()
@require_GET
def enquiry_figures(request):
    try:
        days = max(1, min(int(request.GET.get("days") or 30), 366))
    except ValueError:
        days = 30
    rows = selectors.enquiry_figures(days=days)
    return render(request, "frontoffice/figures.html", {"rows": rows, "days": days})


# --- 窗口无权否决 ----------------------------------------------------------------------


@staff_required(Role.CHIEF, Role.SUPERVISOR)
@require_GET
def confirmations(request):
    now = timezone.now()
    rows = list(selectors.confirmations_for(user=request.user))
    for row in rows:
        row.level = row.level_at(now)
    return render(request, "frontoffice/confirmations.html", {"rows": rows})


def _decide(request, pk, service, done):
    row = selectors.confirmation_get(user=request.user, pk=pk)
    form = forms.DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    target = reverse("approvals:case", kwargs={"number": row.case.number})
    try:
        service(confirmation=row, by=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (TransitionNotAllowed, ConcurrentTransition) as exc:
        messages.error(request, f"{CONFLICT_MESSAGE} {exc}")
    except PermissionDenied as exc:
        raise Http404(str(exc)) from exc
    else:
        messages.success(request, done)
    return redirect(target)


@staff_required(Role.CHIEF, Role.SUPERVISOR)
@require_POST
def confirmation_confirm(request, pk):
    return _decide(request, pk, vetting.confirmation_confirm, _("已确认，窗口可以打印文书交申请人。"))


@staff_required(Role.CHIEF, Role.SUPERVISOR)
@require_POST
def confirmation_reject(request, pk):
    return _decide(request, pk, vetting.confirmation_reject, _("已退回窗口继续办理，申请人不会收到否定结果。"))


# --- 平台对话框 ------------------------------------------------------------------------


@staff_required()
def thread(request, number):
    """GET: the messages after ?after= (htmx polls it), marking them read. POST: send one."""
    case = selectors.thread_case(user=request.user, number=number)
    if request.method == "POST":
        form = forms.MessageForm(request.POST)
        error = ""
        if form.is_valid():
            try:
                thread_services.message_post(case=case, by=request.user, body=form.cleaned_data["body"])
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = _("请输入消息内容（不超过 1000 字）。")
        if not request.htmx:
            if error:
                messages.error(request, error)
            return redirect(reverse("approvals:case", kwargs={"number": case.number}) + "#thread")
        response = render(
            request,
            "frontoffice/_thread_form.html",
            {"case": case, "error": error, "body": "" if not error else request.POST.get("body", "")},
        )
        if not error:
            response["HX-Trigger"] = "thread-updated"  # the list asks for the new message at once
        return response
    if request.method != "GET":
        return redirect(reverse("approvals:case", kwargs={"number": case.number}))
    try:
        after = max(0, int(request.GET.get("after") or 0))
    except ValueError:
        after = 0
    newest = selectors.thread_messages(case=case, after=after)
    if newest:
        thread_services.thread_mark_read(case=case, user=request.user, upto=newest[-1].pk)
    context = {"messages_": selectors.thread_messages(case=case), "case": case, "me": request.user.pk}
    return render(request, "frontoffice/_thread_messages.html", context)


# --- 前台受理文件袋 ---------------------------------------------------------------------


@staff_required()
@require_POST
def bag_create(request, number):
    case = case_selectors.case_get_visible(user=request.user, number=number)
    try:
        bag = bag_services.bag_create(case=case, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("approvals:case", kwargs={"number": case.number}) + "#bags")
    except PermissionDenied as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, _("已封装文件袋 %(code)s，请打印文件袋封面贴于袋上。") % {"code": bag.code})
    return redirect("frontoffice:bag-sheet", code=bag.code)


@staff_required()
@require_GET
def bag_sheet(request, code):
    """文件袋封面: item, applicant (ID and phone masked), materials, route, and the QR code."""
    bag = selectors.bag_by_code(user=request.user, code=code)
    case = case_selectors.case_detail(user=request.user, number=bag.case.number)
    audit.record_case_view(request=request, case=case, view="paper-bag-sheet")
    paper = [m for m in case.material_rows if m.paper_originals or m.paper_copies or m.status != "missing"]
    context = {
        "bag": bag,
        "case": case,
        "materials": paper,
        "route": BAG_ROUTE,
        "qr": segno.make(bag.code, error="m").svg_data_uri(scale=4),
        "printed_at": timezone.now(),
    }
    return render(request, "frontoffice/bag_sheet.html", context)


@staff_required()
def bag_scan(request):
    """扫码交接: the scanner types the bag code into the box; the next stop of the route is recorded."""
    form = forms.ScanForm(request.POST or None)
    status = 200
    bag = None
    if request.method == "POST" and form.is_valid():
        try:
            bag = selectors.bag_by_code(user=request.user, code=form.cleaned_data["code"])
            bag = bag_services.bag_handover(
                bag=bag,
                by=request.user,
                receiver_name=form.cleaned_data["receiver_name"],
                scanned=True,
                code=form.cleaned_data["code"],
                note=form.cleaned_data["note"],
            )
        except Http404 as exc:
            form.add_error("code", str(exc))
            status = 404
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        except PermissionDenied as exc:
            form.add_error("code", str(exc))
            status = 403
        else:
            last = bag.handovers.order_by("-pk").first()
            messages.success(
                request,
                _("文件袋 %(code)s 已交接：%(stage)s（%(who)s）。")
                % {"code": bag.code, "stage": last.get_stage_display(), "who": last.receiver_name},
            )
            return redirect("frontoffice:bag-scan")
    elif request.method == "POST":
        status = 400
    return render(request, "frontoffice/bag_scan.html", {"form": form}, status=status)
