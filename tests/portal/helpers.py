"""Walks of an online case through the real services, for the portal's tests."""

from approvals import services as s
from portal import services as portal
from tests.factories import pdf_upload


def fill_draft(case, *, by):
    """Upload every required material of a draft (each a distinct PDF)."""
    for material in case.materials.filter(required=True):
        pdf = pdf_upload(name=f"{material.name}.pdf", size=200 + material.requirement_id)
        portal.application_upload(case=case, requirement_id=material.requirement_id, file=pdf, by=by)


def submitted_case(*, item, by):
    case = portal.application_start(item=item, by=by)
    fill_draft(case, by=by)
    return portal.application_submit(case=case, by=by)


def granted_ready_case(*, item, by, cast, electronic=True):
    """Online case taken in, dispatched, accepted, decided, issued: state ready."""
    case = submitted_case(item=item, by=by)
    if electronic:
        s.case_choose_delivery(case=case, by=by, method="electronic")
    case = s.case_take_in(case=case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    case = s.case_acknowledge(case=case, by=cast.chief)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer)
    case = s.case_decide(case=case, outcome="granted", reason="", by=cast.chief)
    return s.case_issue(case=case, by=cast.reviewer)
