"""The network's panel on the staff case page: the case's two halls and its paper 流转."""

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

from network import selectors


def case_halls(request, *, case):
    if case.hall_id == case.decision_hall_id:
        # A single-hall case: nothing moves between halls (and no query on every case page); a
        # 跨域通办 handoff of such a case shows as its timeline event.
        return ""
    transfers = selectors.case_transfers(case)
    handoffs = selectors.case_handoffs(case)
    now = timezone.now()
    for transfer in transfers:
        transfer.level = transfer.level_at(now)
    return render_to_string(
        "network/_case_panel.html",
        {"case": case, "transfers": transfers, "handoffs": handoffs, "csrf_token": get_token(request)},
    )
