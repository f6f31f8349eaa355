"""Set-up for the 一件事 tests: chains of items in different departments, sharing material names."""

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from catalog.models import Chain, ChainStep, MaterialRequirement
from tests.factories import Cast, make_department, make_item, pdf_upload


def _item(department, names, **extra):
    item = make_item(department=department, materials=0, **extra)
    for i, name in enumerate(names):
        MaterialRequirement.objects.create(item=item, position=i + 1, name=name, required=True)
    return item


def make_chain(*, code="kbqy-test", serial=False, name="开办企业一件事"):
    """Three items in three departments; "营业执照" and "身份证明" are needed by several items.

    serial=False: all three in parallel. serial=True: 1 → 2 → 3.
    """
    d1 = make_department(name="市场监管局")
    d2 = make_department(name="公安局")
    d3 = make_department(name="税务局")
    i1 = _item(d1, ["设立登记申请书", "身份证明"], name="企业设立登记")
    i2 = _item(d2, ["营业执照", "身份证明"], name="公章刻制备案")
    i3 = _item(d3, ["营业执照", "经办人身份证明"], name="发票申领")
    chain = Chain.objects.create(code=code, name=name)
    steps = [ChainStep.objects.create(chain=chain, position=n, item=i) for n, i in enumerate((i1, i2, i3), start=1)]
    if serial:
        steps[1].waits_for.set([steps[0]])
        steps[2].waits_for.set([steps[1]])
    return chain, [i1, i2, i3]


def chain_files():
    return {name: pdf_upload(f"{name}.pdf") for name in ("设立登记申请书", "身份证明", "营业执照", "经办人身份证明")}


def grant(case, *, cast=None):
    """Take the online case in, dispatch, acknowledge, decide granted; deliver events."""
    return _decide(case, "granted", cast)


def deny(case, *, cast=None, reason="不符合法定条件"):
    return _decide(case, "denied", cast, reason)


def _decide(case, outcome, cast, reason=""):
    cast = cast or Cast(case.department)
    if case.state == "submitted":
        case = s.case_take_in(case=case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    case = s.case_acknowledge(case=case, by=cast.chief)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer)
    case = s.case_decide(case=case, outcome=outcome, reason=reason, by=cast.chief)
    deliver_all_pending()
    return case
