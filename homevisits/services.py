"""Writes of 上门办: request (portal or phone), assign with a clock, take the case in on site, and
the one overdue notice (due task on commit + beat sweep; the service re-checks under the lock)."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import policies
from approvals.constants import Channel, PaperKind
from approvals.services import case_create, case_record_material, clean_applicant
from catalog import clock
from hall import clock as hall_clock
from hall.constants import Role
from hall.models import StaffProfile
from hall.selectors import applicant_profile_of, staff_profile_of
from homevisits.constants import OPEN_STATUSES, Reason, VisitChannel, VisitStatus
from homevisits.models import HomeVisit

logger = logging.getLogger("homevisits")


def _clock(now):
    days = settings.HALL_HOMEVISIT_DAYS
    lead = min(settings.HALL_HOMEVISIT_WARN_DAYS, max(days - 1, 0))
    deadline = clock.compute_deadline(accepted_at=now, limit_days=days, warn_days=lead or None)
    return deadline.deadline_at, deadline.warn_at


def _enqueue_overdue(visit):
    visit_id, due_at = visit.pk, visit.due_at

    def send():
        from homevisits import tasks

        try:
            countdown = max(int((due_at - timezone.now()).total_seconds()) + 1, 0)
            tasks.notify_overdue.apply_async(args=[visit_id], countdown=countdown)
        except Exception:  # the broker is down: the beat sweep sends the notice on time
            logger.exception("could not enqueue the overdue notice of home visit %s", visit_id)

    transaction.on_commit(send)


def visit_request(*, by, item, address, preferred_times, reason, reason_note="", applicant=None):
    """Ask for a home visit: an applicant online (for themselves), or the desk writing down a phone call."""
    profile = staff_profile_of(by)
    if profile is None:
        if by is None or not by.is_authenticated:
            raise PermissionDenied(_("请先登录。"))
        channel, applicant = VisitChannel.PORTAL, applicant_profile_of(by)
        if applicant is None:
            raise ValidationError({"applicant": [_("请先完善申请人信息（姓名、证件号码、联系电话）。")]})
    else:
        if not policies.front_desk_handles(profile, item.department_id):
            raise PermissionDenied(_("只有受理该部门事项的窗口工作人员可以登记电话预约。"))
        channel = VisitChannel.PHONE
    if not item.is_active:
        raise ValidationError({"item": [_("该事项已停用，不能申请。")]})
    errors, fields = {}, {}
    try:
        fields = clean_applicant(applicant)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not (address or "").strip():
        errors["address"] = [_("请填写上门地址。")]
    if not (preferred_times or "").strip():
        errors["preferred_times"] = [_("请填写方便上门的时间。")]
    if reason not in Reason.values:
        errors["reason"] = [_("请选择申请原因。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = hall_clock.now()
        due_at, warn_at = _clock(now)
        visit = HomeVisit.objects.create(
            number=f"SM{timezone.localtime(now):%Y%m%d%H%M%S%f}"[:24],
            item=item,
            department_id=item.department_id,
            applicant_type=fields["applicant_type"],
            applicant_name=fields["applicant_name"],
            applicant_id_number=fields["applicant_id_number"],
            applicant_phone=fields["applicant_phone"],
            address=address.strip()[:200],
            preferred_times=preferred_times.strip()[:200],
            reason=reason,
            reason_note=(reason_note or "").strip()[:300],
            channel=channel,
            applicant_user=by if channel == VisitChannel.PORTAL else None,
            recorded_by=by,
            due_at=due_at,
            warn_at=warn_at,
            created_at=now,
        )
        visit.number = f"SM{timezone.localtime(now):%Y%m%d}{visit.pk:05d}"
        visit.save(update_fields=["number"])
        _enqueue_overdue(visit)
    return visit


def may_dispatch(user, visit):
    profile = staff_profile_of(user)
    if profile is None:
        return False
    return profile.role == Role.HALL_ADMIN or policies.front_desk_handles(profile, visit.department_id)


def _lock(visit):
    return HomeVisit.objects.select_for_update().select_related("item").get(pk=visit.pk)


def visit_assign(*, visit, by, staff):
    """派单: a front-desk clerk whose window handles the item goes; the clock keeps running."""
    if not may_dispatch(by, visit):
        raise PermissionDenied(_("您无权派单。"))
    if not policies.front_desk_handles(staff_profile_of(staff), visit.department_id):
        raise ValidationError({"staff": [_("上门人员须为受理该部门事项的窗口工作人员。")]})
    with transaction.atomic():
        visit = _lock(visit)
        if visit.status not in OPEN_STATUSES:
            raise ValidationError({"detail": [_("该上门办已%(s)s，不能再派单。") % {"s": visit.get_status_display()}]})
        visit.status, visit.assigned_to, visit.assigned_by = VisitStatus.ASSIGNED, staff, by
        visit.assigned_at = hall_clock.now()
        visit.save(update_fields=["status", "assigned_to", "assigned_by", "assigned_at"])
    return visit


def visit_take_in(*, visit, by, materials, note=""):
    """上门收件: the assigned clerk registers the case on site; each material handed over is recorded
    as received on site (paper original) through approvals' record-material service."""
    wanted = {int(m) for m in materials or []}
    with transaction.atomic():
        visit = _lock(visit)
        if visit.assigned_to_id != getattr(by, "pk", None):
            raise PermissionDenied(_("只有被派单的上门人员可以上门收件。"))
        if visit.status != VisitStatus.ASSIGNED:
            raise ValidationError(
                {"detail": [_("该上门办当前为“%(s)s”，不能上门收件。") % {"s": visit.get_status_display()}]}
            )
        applicant = {
            "type": visit.applicant_type,
            "name": visit.applicant_name,
            "id_number": visit.applicant_id_number,
            "phone": visit.applicant_phone,
            "address": visit.address,
        }
        case = case_create(item=visit.item, channel=Channel.WINDOW, applicant=applicant, by=by)
        rows = {m.requirement_id: m for m in case.materials.all()}
        unknown = wanted - rows.keys()
        if unknown:
            raise ValidationError(
                {"materials": [_("该事项没有这些申请材料：%(ids)s。") % {"ids": "、".join(map(str, sorted(unknown)))}]}
            )
        on_site = _("上门收取（%(number)s，%(address)s）") % {"number": visit.number, "address": visit.address}
        for requirement_id in sorted(wanted, key=lambda r: (rows[r].position, r)):
            case_record_material(
                case=case, requirement_id=requirement_id, paper=PaperKind.ORIGINAL, by=by, note=on_site
            )
        now = hall_clock.now()
        visit.case, visit.status, visit.visited_at = case, VisitStatus.DONE, now
        visit.visit_note = (note or "").strip()
        visit.save(update_fields=["case", "status", "visited_at", "visit_note"])
    return visit


def visit_notify_overdue(*, visit_id, now=None):
    """Tell the assigned clerk (or the hall admins while unassigned) once that the visit is overdue."""
    from supervision.constants import NotificationKind, WarningLevel
    from supervision.models import Notification

    now = now or timezone.now()
    with transaction.atomic():
        visit = HomeVisit.objects.select_for_update(skip_locked=True).filter(pk=visit_id).first()
        if visit is None or visit.status not in OPEN_STATUSES or visit.overdue_notified_at or visit.due_at > now:
            return False
        if visit.assigned_to_id:
            recipients = [visit.assigned_to_id]
        else:
            recipients = list(StaffProfile.objects.filter(role=Role.HALL_ADMIN).values_list("user_id", flat=True))
        message = _("上门办 %(number)s（%(name)s，%(address)s）已超过上门期限，请尽快上门。") % {
            "number": visit.number,
            "name": visit.applicant_name,
            "address": visit.address,
        }
        Notification.objects.bulk_create(
            Notification(
                user_id=user_id, kind=NotificationKind.TIME_LIMIT, level=WarningLevel.RED, message=message[:300]
            )
            for user_id in recipients
        )
        visit.overdue_notified_at = now
        visit.save(update_fields=["overdue_notified_at"])
    return True


def visits_sweep_overdue(*, now=None, limit=500):
    now = now or timezone.now()
    ids = list(
        HomeVisit.objects.filter(status__in=OPEN_STATUSES, overdue_notified_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(visit_notify_overdue(visit_id=pk, now=now) for pk in ids)
