"""Taking a ticket (取号) and tying a ticket to the cases registered while it was served."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.identity import clean_phone
from hallfloor.constants import Priority, TicketChannel
from hallfloor.models import Ticket, TicketCase, TicketCounter
from hallfloor.sealing import phone_fields
from hallfloor.services.base import log, today


def _next_seq(area, day):
    """Lock the area's counter for the day and take the next number."""
    counter = TicketCounter.objects.select_for_update().filter(area=area, day=day).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = TicketCounter.objects.create(area=area, day=day, last=0)
        except IntegrityError:
            counter = TicketCounter.objects.select_for_update().get(area=area, day=day)
        counter = TicketCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def ticket_take(*, area, channel=TicketChannel.KIOSK, item=None, chain=None, priority="", phone="", by=None, now=None):
    """Issue the next number of the area today (A001, A002 …)."""
    errors = {}
    if area is None or not area.is_active:
        errors["area"] = [_("请选择业务区。")]
    if priority not in Priority.values:
        errors["priority"] = [_("优先类别无效。")]
    if channel not in TicketChannel.values:
        errors["channel"] = [_("取号渠道无效。")]
    if phone:
        try:
            phone = clean_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    day = today(now)
    with transaction.atomic():
        seq = _next_seq(area, day)
        ticket = Ticket.objects.create(
            area=area,
            day=day,
            seq=seq,
            code=f"{area.prefix}{seq:03d}",
            channel=channel,
            priority=priority,
            item=item,
            chain=chain,
            issued_at=now,
            queued_at=now,
            **phone_fields(phone),
        )
        log("ticket-take", ticket=ticket, by=by, at=now, payload={"channel": channel, "priority": priority})
    return ticket


def ticket_link_case(*, ticket, case, at=None):
    """Record that `case` was registered for `ticket` (idempotent)."""
    link, created = TicketCase.objects.get_or_create(
        case=case, defaults={"ticket": ticket, "linked_at": at or timezone.now()}
    )
    if created:
        log("ticket-case", ticket=ticket, at=at, payload={"case": case.number})
    return link
