"""Reads of the network: transfers a user may see, a case's transfers, the hall tree."""

from approvals.selectors import visibility_q
from hall.selectors import staff_profile_of
from network.constants import TransferKind, TransferStatus
from network.models import CrossRegionHandoff, PaperTransfer


def transfers_visible_to(user):
    """The transfers of the cases the user may see (approvals' visibility), halls and case loaded."""
    qs = PaperTransfer.objects.select_related(
        "case", "case__department", "from_hall", "to_hall", "sent_by", "received_by"
    )
    q = visibility_q(user)
    if q is not None:
        # Same rules as the case lists, expressed over the transfer's case.
        from approvals.models import Case

        qs = qs.filter(case__in=Case.objects.filter(q).values("pk"))
    return qs


def transfer_list(*, user, direction="", status="", kind=""):
    """For a hall's staff: `out` (sent from their hall), `in` (to their hall), or both."""
    qs = transfers_visible_to(user)
    profile = staff_profile_of(user)
    hall_id = profile.hall_id if profile is not None else None
    if direction == "out" and hall_id:
        qs = qs.filter(from_hall_id=hall_id)
    elif direction == "in" and hall_id:
        qs = qs.filter(to_hall_id=hall_id)
    if status == "open":
        qs = qs.exclude(status=TransferStatus.RECEIVED)
    elif status in TransferStatus.values:
        qs = qs.filter(status=status)
    if kind in TransferKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("status", "due_at", "id")


def transfer_of(case, kind):
    return PaperTransfer.objects.filter(case_id=case.pk, kind=kind).first()


def case_transfers(case):
    return list(
        PaperTransfer.objects.filter(case_id=case.pk)
        .select_related("from_hall", "to_hall", "sent_by", "received_by")
        .order_by("opened_at", "id")
    )


def case_handoffs(case):
    return list(CrossRegionHandoff.objects.filter(case_id=case.pk).order_by("created_at", "id"))


def result_has_arrived(case):
    """Has the result reached the receiving hall (a received return transfer)?"""
    return PaperTransfer.objects.filter(
        case_id=case.pk, kind=TransferKind.RESULT, status=TransferStatus.RECEIVED
    ).exists()
