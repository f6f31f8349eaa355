"""Writes of 绿色通道: mark an enterprise, route its cases to the dedicated window, record follow-ups."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from approvals.constants import Action
from approvals.services._base import lock_case, write_event
from hall import clock as hall_clock
from hall.constants import WindowKind
from hall.crypto import blind_index
from hall.identity import clean_credit_code, clean_phone
from keyaccounts.models import FollowUp, KeyAccount, RoutedCase
from keyaccounts.selectors import may_follow_up, may_manage


def account_save(*, by, name, credit_code, window=None, contact_name="", contact_phone="", services="", account=None):
    if not may_manage(by):
        raise PermissionDenied(_("只有大厅管理员可以登记重点企业。"))
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写企业名称。")]
    try:
        credit_code = clean_credit_code(credit_code)
    except ValidationError as exc:
        errors["credit_code"] = exc.messages
    if contact_phone:
        try:
            contact_phone = clean_phone(contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
    if window is not None and (not window.is_active or window.kind == WindowKind.COMPLETED_ITEM):
        errors["window"] = [_("专属窗口须为启用中的受理窗口。")]
    if errors:
        raise ValidationError(errors)
    duplicate = KeyAccount.objects.filter(credit_code_index=blind_index(credit_code))
    if account is not None:
        duplicate = duplicate.exclude(pk=account.pk)
    if duplicate.exists():
        raise ValidationError({"credit_code": [_("该统一社会信用代码已登记为重点企业。")]})
    account = account or KeyAccount(created_by=by)
    account.name, account.credit_code, account.window = name[:100], credit_code, window
    account.contact_name, account.contact_phone, account.services = (
        (contact_name or "").strip()[:50],
        contact_phone,
        services or "",
    )
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        raise ValidationError({"credit_code": [_("该统一社会信用代码已登记为重点企业。")]}) from exc
    return account


def case_route(*, case, account, by=None):
    """Send a key account's case to its dedicated window (once); the audit trail records it."""
    with transaction.atomic():
        case = lock_case(case)
        if RoutedCase.objects.filter(case=case).exists():
            return None
        routed = RoutedCase.objects.create(
            case=case, account=account, window=account.window, routed_at=hall_clock.now(), routed_by=by
        )
        write_event(
            case,
            action=Action.KEY_ACCOUNT_ROUTE,
            from_state=case.state,
            by=by,
            note=_("重点企业“%(name)s”的办件，转%(window)s办理")
            % {"name": account.name, "window": account.window or _("业务大户室")},
            payload={"account": account.pk, "window": account.window.number if account.window else ""},
            public=False,
        )
    return routed


def followup_record(*, account, by, method, summary, issues="", next_steps="", case=None):
    if not may_follow_up(by):
        raise PermissionDenied(_("您的岗位不能登记回访。"))
    if method not in FollowUp.Method.values:
        raise ValidationError({"method": [_("回访方式无效。")]})
    if not (summary or "").strip():
        raise ValidationError({"summary": [_("请填写回访情况。")]})
    if case is not None and case.applicant_id_number_index != account.credit_code_index:
        raise ValidationError({"case": [_("该办件不是此企业的办件。")]})
    return FollowUp.objects.create(
        account=account,
        case=case,
        method=method,
        at=hall_clock.now(),
        by=by,
        summary=summary.strip(),
        issues=(issues or "").strip(),
        next_steps=(next_steps or "").strip(),
    )
