"""Case events the floor listens to (approvals.events; rows only, in the cursor's transaction).

- create: a case registered at a window while that window was serving a ticket belongs to the
  ticket (the clerk pressed 开始办件 on the ticket, or simply registered during it);
- issue: a case whose materials came through a locker has its result ready for the locker.
"""

from django.db.models import Q
from django.utils import timezone

from approvals.events import subscribe
from hallfloor.constants import ParcelKind, TicketStatus
from hallfloor.models import LockerParcel, Ticket


@subscribe("hallfloor.cases", actions={"create", "issue"})
def on_case_event(message):
    if message.action == "create":
        _link_ticket(message)
    elif message.action == "issue":
        LockerParcel.objects.filter(
            case_id=message.case_id, kind=ParcelKind.DROPOFF, result_ready_at__isnull=True
        ).update(result_ready_at=message.at)


def _link_ticket(message):
    from approvals.models import Case
    from hallfloor.services.tickets import ticket_link_case

    case = Case.objects.filter(pk=message.case_id).only("id", "number", "window_id", "channel").first()
    if case is None or not case.window_id:
        return
    at = message.at
    ticket = (
        Ticket.objects.filter(
            window_id=case.window_id,
            day=timezone.localdate(at),
            called_at__lte=at,
            status__in=(TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.DONE),
        )
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=at))
        .order_by("-last_called_at")
        .first()
    )
    if ticket is not None:
        ticket_link_case(ticket=ticket, case=case, at=at)
