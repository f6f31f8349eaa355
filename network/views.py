"""The 流转 list of a hall's staff: outgoing and incoming paper, red/yellow/green, with the
send/receive buttons of the case action rows (they post to the workbench's case-action URL)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from approvals import actions as action_table
from approvals.workbench.helpers import staff_required
from hall.selectors import staff_profile_of
from network import policies, selectors
from network.constants import TransferKind, TransferStatus

_SEND = {TransferKind.PAPER: "send-paper", TransferKind.RESULT: "send-result"}
_RECEIVE = {TransferKind.PAPER: "receive-paper", TransferKind.RESULT: "receive-result"}


@staff_required()
@require_GET
def transfers(request):
    direction = request.GET.get("direction", "")
    status = request.GET.get("status", "open")
    rows = list(selectors.transfer_list(user=request.user, direction=direction, status=status)[:300])
    profile = staff_profile_of(request.user)
    now = timezone.now()
    for row in rows:
        row.level = row.level_at(now)
        # The rules of the action rows, asked with the transfer already loaded (no query per row).
        if policies.may_send(profile, row, row.case):
            row.action = _SEND[row.kind]
        elif policies.may_receive(profile, row, row.case):
            row.action = _RECEIVE[row.kind]
        else:
            row.action = ""
    context = {
        "rows": rows,
        "direction": direction,
        "status": status,
        "statuses": TransferStatus.choices,
        "hall": profile.hall if profile is not None else None,
        "labels": {slug: action_table.get(slug).label for slug in [*_SEND.values(), *_RECEIVE.values()]},
    }
    return render(request, "network/transfers.html", context)
