"""The pre-review desk (预审窗口, 先预审、后排队): check the materials against the item's list;
complete → the business ticket is issued; missing → a one-time list and no ticket."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallfloor import selectors
from hallfloor.constants import PreReviewOutcome, TicketChannel
from hallfloor.models import PreReview
from hallfloor.services.base import log
from hallfloor.services.tickets import ticket_take


def checklist(item):
    """The item's material list: the same list the front desk and online pre-review check."""
    return list(item.materials.order_by("position", "id"))


def _number(now):
    stamp = timezone.localtime(now).strftime("%Y%m%d")
    count = PreReview.objects.filter(number__startswith=f"YS{stamp}").count() + 1
    return f"YS{stamp}{count:04d}"


def prereview_record(*, item, present, by, window=None, applicant_name="", note="", priority="", phone="", now=None):
    """Record a pre-review. `present`: ids of the requirements the applicant brought.

    Every required material present → outcome passed and a business ticket in the item's area.
    Otherwise → outcome missing, the list of what is missing, no ticket.
    """
    now = now or timezone.now()
    if item is None:
        raise ValidationError({"item": [_("请选择办理事项。")]})
    requirements = checklist(item)
    known = {r.pk for r in requirements}
    try:
        present = {int(i) for i in present or []}
    except (TypeError, ValueError) as exc:
        raise ValidationError({"present": [_("材料编号无效。")]}) from exc
    if present - known:
        raise ValidationError({"present": [_("材料不属于该事项。")]})
    missing = [{"id": r.pk, "name": r.name, "required": r.required} for r in requirements if r.pk not in present]
    missing_required = [m for m in missing if m["required"]]
    area = selectors.area_for_item(item)
    if not missing_required and area is None:
        raise ValidationError({"item": [_("该事项没有对应的业务区，请先在管理后台配置业务区。")]})
    with transaction.atomic():
        for _attempt in range(3):
            number = _number(now)
            if not PreReview.objects.filter(number=number).exists():
                break
        record = PreReview.objects.create(
            item=item,
            outcome=PreReviewOutcome.MISSING if missing_required else PreReviewOutcome.PASSED,
            applicant_name=(applicant_name or "").strip()[:100],
            checked=sorted(present),
            missing=missing_required,
            note=note or "",
            window=window,
            by=by,
            at=now,
            number=number,
        )
        if not missing_required:
            record.ticket = ticket_take(
                area=area, channel=TicketChannel.PREREVIEW, item=item, priority=priority, phone=phone, by=by, now=now
            )
            record.save(update_fields=["ticket"])
        log(
            "prereview",
            prereview=record,
            ticket=record.ticket,
            window=window,
            by=by,
            at=now,
            payload={"outcome": record.outcome, "missing": [m["id"] for m in missing_required]},
        )
    return record
