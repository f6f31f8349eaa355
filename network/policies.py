"""Who may move a case's paper between halls: staff of the right hall (window.hall / department.hall).

- send-paper: a front-desk clerk at an active window of the receiving hall that handles the case;
- receive-paper and send-result: the deciding department's reviewers and chief (their department
  sits in the deciding hall);
- receive-result: the completed-item window of the receiving hall.
Every rule takes the transfer already loaded, so a list page asks them without extra queries.
"""

from approvals.policies import department_staff, front_desk_handles
from hall.constants import Role, WindowKind
from network.constants import TransferKind, TransferStatus


def _window_hall(profile):
    window = profile.window if profile is not None else None
    return window.hall_id if window is not None and window.is_active else None


def may_send(profile, transfer, case):
    if transfer is None or transfer.status != TransferStatus.PENDING:
        return False
    if transfer.kind == TransferKind.PAPER:
        return front_desk_handles(profile, case.department_id) and _window_hall(profile) == transfer.from_hall_id
    return department_staff(profile, case.department_id) and profile.department.hall_id == transfer.from_hall_id


def may_receive(profile, transfer, case):
    if transfer is None or transfer.status != TransferStatus.SENT:
        return False
    if transfer.kind == TransferKind.PAPER:
        return department_staff(profile, case.department_id) and profile.department.hall_id == transfer.to_hall_id
    return (
        profile is not None
        and profile.role == Role.DELIVERY
        and profile.window is not None
        and profile.window.kind == WindowKind.COMPLETED_ITEM
        and _window_hall(profile) == transfer.to_hall_id
    )


def may_hand_off(profile, case):
    """跨域通办: the receiving hall's front desk hands the case to the partner platform."""
    return front_desk_handles(profile, case.department_id) and _window_hall(profile) == case.hall_id
