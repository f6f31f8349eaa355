"""Pages of 绿色通道: the key accounts (marked by the hall admin), one account with its cases and
follow-ups, and the dedicated window's queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from approvals.workbench.helpers import staff_required
from hall.parsing import parse_id
from keyaccounts import selectors, services
from keyaccounts.forms import AccountForm, FollowUpForm


def _apply_errors(form, exc):
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@staff_required()
def account_list(request):
    accounts = selectors.accounts_visible_to(request.user)
    may_manage = selectors.may_manage(request.user)
    if not may_manage and not accounts.exists() and not selectors.may_follow_up(request.user):
        raise PermissionDenied(_("您的岗位不能查看重点企业名录。"))
    form = AccountForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied(_("只有大厅管理员可以登记重点企业。"))
        if form.is_valid():
            try:
                account = services.account_save(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("已登记重点企业“%(name)s”。") % {"name": account.name})
                return redirect("keyaccounts:detail", pk=account.pk)
    return render(
        request,
        "keyaccounts/list.html",
        {"accounts": accounts, "form": form, "may_manage": may_manage},
        status=400 if form.errors else 200,
    )


@staff_required()
def account_detail(request, pk):
    account = selectors.account_get(user=request.user, pk=parse_id(pk))
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记回访记录。"))
            return redirect("keyaccounts:detail", pk=account.pk)
    context = {
        "account": account,
        "cases": selectors.account_cases(user=request.user, account=account)[:50],
        "followups": account.followups.select_related("by", "case"),
        "form": form,
        "may_follow_up": selectors.may_follow_up(request.user),
    }
    return render(request, "keyaccounts/detail.html", context, status=400 if form.errors else 200)


@staff_required()
def window_queue(request):
    """业务大户室: the open cases of the enterprises this window serves."""
    return render(request, "keyaccounts/window.html", {"cases": selectors.window_queue(user=request.user)})
