"""Demo cases of the network (issue 19): one received at a township and decided by the county
(paper in transit), one whose result came back to the township for 就近取件, and a 全市通办 case
received at a street centre of the other county (idempotent: skipped when already there)."""

from django.contrib.auth import get_user_model

from approvals import services as s
from approvals.models import Case
from approvals.services.publishing import deliver_all_pending
from catalog.models import Item
from network import services as network

APPLICANTS = [
    # type, name, ID number, phone, address
    ("person", "李春梅", "110105198805060027", "13905360001", "示范县城关镇幸福村12号"),
    ("person", "王建军", "110105197612120017", "13905360002", "示范县城关镇府前街20号"),
    ("person", "赵晓燕", "110105199201150026", "13905360003", "东川县龙泉街道中心路66号"),
]


def _staff(username):
    return get_user_model().objects.filter(username=username).first()


def _applicant(row):
    kind, name, number, phone, address = row
    return {"type": kind, "name": name, "id_number": number, "phone": phone, "address": address}


def _received(*, item_code, desk, applicant):
    item = Item.objects.filter(code=item_code).first()
    if item is None or desk is None:
        return None
    case = s.case_create(item=item, channel="window", applicant=_applicant(applicant), by=desk)
    for material in case.materials.filter(required=True, status="missing"):
        s.case_record_material(case=case, requirement_id=material.requirement_id, by=desk, paper="original")
    return s.case_dispatch(case=case, by=desk)


def seed(*, stdout, password=None):
    if Case.objects.filter(hall__code__in=["cgz", "lqjd"]).exists():
        stdout.write("  大厅网络办件：已存在")
        return
    desk_cgz, delivery_cgz, desk_lqjd = _staff("desk_cgz"), _staff("delivery_cgz"), _staff("desk_lqjd")
    chief, reviewer = _staff("chief"), _staff("reviewer")
    made = []

    # 1. 城关镇 receives 食品小作坊登记, 示范县市场监管局 decides: the originals are on their way.
    case = _received(item_code="SCJG-SPXZF-DJ", desk=desk_cgz, applicant=APPLICANTS[0])
    if case is not None:
        case = s.case_acknowledge(case=case, by=chief)
        deliver_all_pending()
        network.case_send_paper(case=case, by=desk_cgz, tracking_note="镇政府交通车 上午10点班")
        made.append(case.number)

    # 2. The same route to the end: decided, issued, the result back at 城关镇 for 就近取件.
    case = _received(item_code="SCJG-SPXZF-DJ", desk=desk_cgz, applicant=APPLICANTS[1])
    if case is not None:
        case = s.case_acknowledge(case=case, by=chief)
        deliver_all_pending()
        network.case_send_paper(case=case, by=desk_cgz, tracking_note="镇政府交通车")
        network.case_receive_paper(case=case, by=reviewer)
        while case.has_next_step():
            case = s.case_advance(case=case, by=reviewer)
        case = s.case_decide(case=case, outcome="granted", reason="", by=chief)
        case = s.case_issue(case=case, by=reviewer)
        deliver_all_pending()
        network.case_send_result(case=case, by=reviewer, tracking_note="机要交换")
        network.case_receive_result(case=case, by=delivery_cgz)
        made.append(case.number)

    # 3. 全市通办: 居住证签发 received at 龙泉街道 (东川县), decided by 示范县公安局.
    case = _received(item_code="GAJ-JZZ-QF", desk=desk_lqjd, applicant=APPLICANTS[2])
    if case is not None:
        made.append(case.number)
    deliver_all_pending()
    stdout.write(f"  大厅网络办件：{'、'.join(made)}")
