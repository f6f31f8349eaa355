"""投诉: filed online by an applicant, or recorded by the complaint desk (in person or by phone)."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.constants import ComplaintSource
from evaluations.hashing import keyed_hash, mask_phone
from evaluations.models import Complaint
from evaluations.services._base import role_of_staff
from evaluations.services.tickets import ticket_open_for_complaint
from hall.constants import Role
from hall.selectors import applicant_profile_of

DESK_ROLES = {Role.COMPLAINT_DESK, Role.SUPERVISOR, Role.HALL_ADMIN}
PHONE_RE = re.compile(r"^1\d{10}$")


def complaint_file(
    *,
    source,
    subject,
    content,
    by,
    department=None,
    window=None,
    case=None,
    name="",
    phone="",
    anonymous=False,
    now=None,
):
    """Record a complaint and open its same-day ticket (routed to the case's or the named department)."""
    now = now or timezone.now()
    errors = {}
    if source not in ComplaintSource.values:
        errors["source"] = _("投诉渠道无效。")
    subject, content = (subject or "").strip(), (content or "").strip()
    if len(subject) < 2:
        errors["subject"] = _("请填写投诉事项。")
    if len(content) < 5:
        errors["content"] = _("请写明投诉内容（至少5个字）。")
    if source == ComplaintSource.PORTAL:
        if role_of_staff(by) is not None:
            raise PermissionDenied(_("网上投诉由申请人本人提交。"))
        profile = applicant_profile_of(by)
        if profile is None:
            raise PermissionDenied(_("请先登录网上办事大厅。"))
        name, phone = profile.name, profile.phone
    elif role_of_staff(by) not in DESK_ROLES:
        raise PermissionDenied(_("只有投诉窗口工作人员可以登记投诉。"))
    phone = re.sub(r"[\s-]", "", phone or "")
    if phone and not PHONE_RE.match(phone) and source != ComplaintSource.PORTAL:
        errors["phone"] = _("请填写11位手机号码。")
    if source == ComplaintSource.PHONE and not phone and not anonymous:
        errors["phone"] = _("电话投诉请记录来电号码，或选择匿名。")
    if case is not None:
        department = department or case.department
        window = window or case.window
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            source=source,
            complainant_user=by if source == ComplaintSource.PORTAL else None,
            complainant_name="" if anonymous else (name or "").strip()[:50],
            phone_masked=mask_phone(phone) if phone else "",
            phone_hash=keyed_hash(phone, scope="complaint") if phone else "",
            anonymous=bool(anonymous),
            subject=subject[:100],
            content=content,
            case=case,
            department=department,
            window=window,
            recorded_by=None if source == ComplaintSource.PORTAL else by,
            received_at=now,
        )
        ticket_open_for_complaint(complaint=complaint, now=now)
    return complaint
