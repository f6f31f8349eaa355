"""Every write to a case. Each service: keyword-only, one transaction, the case row locked,
the actor's permission re-checked, the transition run, exactly one CaseEvent written,
tasks enqueued on commit."""

from approvals.services._base import CaseConflict, WindowClosed, request_transaction
from approvals.services.acceptance import (
    case_accept_on_the_spot,
    case_acknowledge,
    case_deem_accept_batch,
    case_deem_accept_due,
    case_deem_accepted,
    case_deem_accepted_with_peers,
    case_return,
    case_sweep_due_acceptances,
)
from approvals.services.completion import case_choose_delivery, case_deliver, case_issue
from approvals.services.deadlines import case_recompute_provisional_deadlines
from approvals.services.intake import (
    case_create,
    case_dispatch,
    case_receive_all_paper,
    case_record_material,
    case_refuse,
    case_request_supplement,
    case_return_online,
    case_submit,
    case_supplement,
    case_take_in,
    case_withdraw,
    clean_applicant,
)
from approvals.services.review import case_advance, case_decide, case_resume, case_suspend
from approvals.services.urging import case_urge
from approvals.uploads import UploadTooLarge, UploadTypeNotAllowed

__all__ = [
    "CaseConflict",
    "WindowClosed",
    "request_transaction",
    "UploadTooLarge",
    "UploadTypeNotAllowed",
    "case_accept_on_the_spot",
    "case_acknowledge",
    "case_advance",
    "case_create",
    "case_decide",
    "case_deem_accept_batch",
    "case_deem_accepted",
    "case_deem_accepted_with_peers",
    "case_choose_delivery",
    "case_deliver",
    "case_dispatch",
    "case_issue",
    "case_receive_all_paper",
    "case_record_material",
    "case_recompute_provisional_deadlines",
    "case_refuse",
    "case_request_supplement",
    "case_resume",
    "case_return",
    "case_return_online",
    "case_submit",
    "case_supplement",
    "case_suspend",
    "case_sweep_due_acceptances",
    "case_deem_accept_due",
    "case_take_in",
    "case_urge",
    "case_withdraw",
    "clean_applicant",
]
