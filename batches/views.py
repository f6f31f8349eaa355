"""Pages of 批量受理: the list and the new-batch form, a batch (rows, errors by line, do-it-for-all),
and the combined receipt."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals import actions as action_table
from approvals.workbench.helpers import staff_required
from batches import selectors, services, sheets
from batches.forms import BatchForm
from batches.models import Batch
from hall.constants import Role
from hall.parsing import parse_id


def _rows_from(form):
    upload = form.cleaned_data.get("file")
    if upload:
        source, rows = sheets.read_upload(upload, max_rows=settings.HALL_BATCH_MAX_ROWS)
        return source, rows, upload.name
    return Batch.Source.TABLE, sheets.read_text(form.cleaned_data["table"], max_rows=settings.HALL_BATCH_MAX_ROWS), ""


@staff_required()
def batch_list(request):
    may_create = request.staff is not None and request.staff.role == Role.FRONT_DESK
    form = BatchForm(request.POST or None, request.FILES or None, profile=request.staff)
    row_errors = []
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied(_("只有窗口工作人员可以批量受理。"))
        if form.is_valid():
            try:
                source, rows, filename = _rows_from(form)
                data = form.cleaned_data
                batch = services.batch_create(
                    item=data["item"],
                    by=request.user,
                    rows=rows,
                    submitter=data["submitter"],
                    source=source,
                    filename=filename,
                    agent_name=data["agent_name"],
                    agent_id_number=data["agent_id_number"],
                    agent_phone=data["agent_phone"],
                )
            except ValidationError as exc:
                row_errors = getattr(exc, "row_errors", [])
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("批次 %(number)s：共 %(total)s 行，已登记 %(ok)s 件，%(bad)s 行有误。")
                    % {
                        "number": batch.number,
                        "total": batch.rows_total,
                        "ok": batch.rows_created,
                        "bad": len(batch.errors),
                    },
                )
                return redirect("batches:detail", pk=batch.pk)
    context = {
        "form": form,
        "may_create": may_create,
        "row_errors": row_errors,
        "batches": selectors.batches_visible_to(request.user)[:50],
    }
    return render(request, "batches/list.html", context, status=400 if form.errors else 200)


def _action_panels(user, entries):
    """The batch actions offered on at least one of the batch's cases, with how many."""
    panels = []
    cases = [e.case for e in entries]
    for slug, label in services.BATCH_ACTIONS.items():
        if slug == services.RECEIVE_MATERIALS:
            from approvals import policies
            from approvals.constants import CaseState

            count = sum(
                1
                for c in cases
                if c.state in (CaseState.RECEIVED, CaseState.SUPPLEMENT_REQUESTED)
                and policies.may_record_paper_or_status(user, c)
            )
            form = None
        else:
            row = action_table.get(slug)
            eligible = [c for c in cases if row is not None and row.offered(user, c)]
            count = len(eligible)
            form = row.make_form(eligible[0], prefix=None) if eligible else None
        if count:
            panels.append({"slug": slug, "label": label, "count": count, "form": form})
    return panels


@staff_required()
def batch_detail(request, pk):
    batch = selectors.batch_get(user=request.user, pk=parse_id(pk))
    entries = list(selectors.batch_cases(batch=batch))
    context = {
        "batch": batch,
        "entries": entries,
        "panels": _action_panels(request.user, entries),
        "runs": batch.runs.select_related("by")[:10],
    }
    return render(request, "batches/detail.html", context)


@require_POST
@staff_required()
def batch_run(request, pk):
    batch = selectors.batch_get(user=request.user, pk=parse_id(pk))
    action = request.POST.get("action", "")
    data = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "action")}
    try:
        run = services.batch_run(batch=batch, action=action, by=request.user, data=data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        label = services.BATCH_ACTIONS[action]
        text = _("“%(label)s”：成功 %(ok)s 件，未成功 %(bad)s 件。") % {
            "label": label,
            "ok": run.succeeded,
            "bad": len(run.failures),
        }
        (messages.warning if run.failures else messages.success)(request, text)
    return redirect("batches:detail", pk=batch.pk)


@staff_required()
def batch_receipt(request, pk):
    """合并回执: every case of the batch with its number and query code, printable."""
    batch = selectors.batch_get(user=request.user, pk=parse_id(pk))
    return render(request, "batches/receipt.html", {"batch": batch, "entries": selectors.batch_cases(batch=batch)})
