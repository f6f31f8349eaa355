"""Every write between halls: keyword-only, one transaction, the case row locked first (then the
transfer), the case event written in the same transaction through approvals (write_event).

Lock order: the case (approvals.services._base.lock_case), then this app's rows.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import Action, CaseState
from approvals.models import Case, CaseMaterial
from approvals.selectors import result_comes_back
from approvals.services._base import CaseConflict, lock_case, write_event
from hall import clock as hall_clock
from hall.models import Hall
from hall.selectors import staff_profile_of
from network import policies
from network.clock import transfer_due
from network.constants import HandoffStatus, TransferKind, TransferStatus
from network.models import CrossRegionHandoff, PaperTransfer

logger = logging.getLogger("network")

# Opening the outbound leg: when the case leaves the receiving hall's front desk (or is accepted).
PAPER_OPENING_ACTIONS = frozenset(
    {Action.DISPATCH, Action.ACKNOWLEDGE, Action.DEEM_ACCEPTED, Action.ACCEPT_ON_THE_SPOT}
)


# ------------------------------------------------------------------ opening transfers (case events)


def _has_paper_originals(case_id):
    return CaseMaterial.objects.filter(case_id=case_id, paper_originals__gt=0).exists()


def transfers_on_event(*, case_id, action, at):
    """What a case event means for the paper (called by the case-event subscriber; idempotent).

    - leaving the front desk / accepted, received at another hall, with paper originals: the
      originals go to the deciding hall;
    - the result issued, received at another hall, not delivered electronically: it comes back.
    """
    case = Case.objects.filter(pk=case_id).only("pk", "hall_id", "decision_hall_id", "state").first()
    if case is None or case.hall_id == case.decision_hall_id:
        return None
    if action in PAPER_OPENING_ACTIONS and _has_paper_originals(case_id):
        return transfer_open(
            case=case, kind=TransferKind.PAPER, from_hall_id=case.hall_id, to_hall_id=case.decision_hall_id, at=at
        )
    if action == Action.ISSUE and result_comes_back(case):
        return transfer_open(
            case=case, kind=TransferKind.RESULT, from_hall_id=case.decision_hall_id, to_hall_id=case.hall_id, at=at
        )
    return None


def transfer_open(*, case, kind, from_hall_id, to_hall_id, at):
    """One transfer of `kind` for the case (the existing one if any), with its clock and reminder."""
    due = transfer_due(at)
    transfer, made = PaperTransfer.objects.get_or_create(
        case_id=case.pk,
        kind=kind,
        defaults={
            "from_hall_id": from_hall_id,
            "to_hall_id": to_hall_id,
            "opened_at": at,
            "due_at": due.due_at,
            "warn_at": due.warn_at,
            "provisional": due.provisional,
        },
    )
    if made:
        _enqueue_overdue(transfer.pk, transfer.due_at + timedelta(seconds=1))
    return transfer


def _enqueue_overdue(transfer_id, at):
    """On commit: the fast path with a countdown; the beat sweep is the backstop."""
    countdown = max(0, (at - timezone.now()).total_seconds())
    if countdown > settings.HALL_TRANSFER_COUNTDOWN_MAX_SECONDS:
        return

    def send():
        from network import tasks

        try:
            tasks.mark_overdue.apply_async(args=[transfer_id], countdown=countdown)
        except Exception:  # the broker is down: the sweep does it on time anyway
            logger.exception("could not enqueue the overdue reminder of transfer %s", transfer_id)

    transaction.on_commit(send)


# ------------------------------------------------------------------ the four action rows


def _hall_names(transfer):
    names = dict(Hall.objects.filter(pk__in=[transfer.from_hall_id, transfer.to_hall_id]).values_list("pk", "name"))
    return names.get(transfer.from_hall_id, ""), names.get(transfer.to_hall_id, "")


def _locked(case, kind):
    case = lock_case(case)
    transfer = PaperTransfer.objects.select_for_update().filter(case_id=case.pk, kind=kind).first()
    if transfer is None:
        raise CaseConflict(_("该办件没有待流转的%(kind)s。") % {"kind": _kind_word(kind)})
    return case, transfer


def _kind_word(kind):
    return _("纸质原件") if kind == TransferKind.PAPER else _("办理结果")


def _send(*, case, by, kind, action, tracking_note):
    tracking_note = (tracking_note or "").strip()
    with transaction.atomic():
        case, transfer = _locked(case, kind)
        if transfer.status != TransferStatus.PENDING:
            raise CaseConflict(_("%(kind)s已寄出，不能重复寄出。") % {"kind": _kind_word(kind)})
        if not policies.may_send(staff_profile_of(by), transfer, case):
            raise PermissionDenied(_("只有%(hall)s的经办人员可以寄出。") % {"hall": transfer.from_hall.name})
        now = hall_clock.now()
        transfer.status, transfer.sent_at, transfer.sent_by = TransferStatus.SENT, now, by
        transfer.tracking_note = tracking_note
        transfer.save(update_fields=["status", "sent_at", "sent_by", "tracking_note"])
        source, target = _hall_names(transfer)
        note = _("%(kind)s由%(source)s寄往%(target)s") % {"kind": _kind_word(kind), "source": source, "target": target}
        if tracking_note:
            note += _("（%(tracking)s）") % {"tracking": tracking_note}
        _record(case, transfer, source, target, action=action, by=by, at=now, note=note, tracking=tracking_note)
    return case


def _receive(*, case, by, kind, action, note):
    note = (note or "").strip()
    with transaction.atomic():
        case, transfer = _locked(case, kind)
        if transfer.status == TransferStatus.PENDING:
            raise CaseConflict(_("%(kind)s尚未寄出，不能签收。") % {"kind": _kind_word(kind)})
        if transfer.status == TransferStatus.RECEIVED:
            raise CaseConflict(_("%(kind)s已签收。") % {"kind": _kind_word(kind)})
        if not policies.may_receive(staff_profile_of(by), transfer, case):
            raise PermissionDenied(_("只有%(hall)s的经办人员可以签收。") % {"hall": transfer.to_hall.name})
        now = hall_clock.now()
        transfer.status, transfer.received_at, transfer.received_by = TransferStatus.RECEIVED, now, by
        transfer.receive_note = note
        transfer.save(update_fields=["status", "received_at", "received_by", "receive_note"])
        source, target = _hall_names(transfer)
        text = _("%(target)s已签收%(source)s寄来的%(kind)s") % {
            "kind": _kind_word(kind),
            "source": source,
            "target": target,
        }
        if now > transfer.due_at:
            text += _("（超过流转时限）")
        if note:
            text += _("：%(note)s") % {"note": note}
        _record(case, transfer, source, target, action=action, by=by, at=now, note=text, late=now > transfer.due_at)
    return case


def _record(case, transfer, source, target, *, action, by, at, note, public=True, **extra):
    """The case event of one 流转 step (sent, signed for, overdue): the note names both halls for
    the timeline; the payload keeps the leg, its halls and its due time."""
    payload = {
        "transfer": transfer.pk,
        "kind": transfer.kind,
        "from_hall": source,
        "to_hall": target,
        "due_at": transfer.due_at.isoformat(),
        **{k: v for k, v in extra.items() if v},
    }
    write_event(case, action=action, from_state=case.state, by=by, at=at, note=note, payload=payload, public=public)


def case_send_paper(*, case, by, tracking_note=""):
    """The receiving hall's front desk sends the paper originals to the deciding hall."""
    return _send(case=case, by=by, kind=TransferKind.PAPER, action=Action.SEND_PAPER, tracking_note=tracking_note)


def case_receive_paper(*, case, by, note=""):
    """The deciding department signs for the paper originals."""
    return _receive(case=case, by=by, kind=TransferKind.PAPER, action=Action.RECEIVE_PAPER, note=note)


def case_send_result(*, case, by, tracking_note=""):
    """The deciding department sends the result to the receiving hall (就近取件)."""
    return _send(case=case, by=by, kind=TransferKind.RESULT, action=Action.SEND_RESULT, tracking_note=tracking_note)


def case_receive_result(*, case, by, note=""):
    """The receiving hall's completed-item window signs for the result: it may now be handed over."""
    return _receive(case=case, by=by, kind=TransferKind.RESULT, action=Action.RECEIVE_RESULT, note=note)


# ------------------------------------------------------------------ the overdue reminder (once)


def transfer_mark_overdue(*, transfer_id, now=None):
    """Past its due time and not signed for: one reminder event on the case. Returns 1 if fired."""
    now = now or hall_clock.now()
    with transaction.atomic():
        case_id = PaperTransfer.objects.filter(pk=transfer_id).values_list("case_id", flat=True).first()
        if case_id is None:
            return 0
        case = lock_case(case_id)
        transfer = (
            PaperTransfer.objects.select_for_update()
            .filter(pk=transfer_id, overdue_at__isnull=True, due_at__lt=now)
            .exclude(status=TransferStatus.RECEIVED)
            .first()
        )
        if transfer is None:
            return 0
        transfer.overdue_at = now
        transfer.save(update_fields=["overdue_at"])
        source, target = _hall_names(transfer)
        waiting = (
            _("待%(hall)s寄出") % {"hall": source}
            if transfer.status == TransferStatus.PENDING
            else _("待%(hall)s签收") % {"hall": target}
        )
        note = _("%(kind)s流转已超过时限（%(due)s），%(waiting)s。") % {
            "kind": _kind_word(transfer.kind),
            "due": timezone.localtime(transfer.due_at).strftime("%Y-%m-%d %H:%M"),
            "waiting": waiting,
        }
        _record(
            case,
            transfer,
            source,
            target,
            action=Action.TRANSFER_OVERDUE,
            by=None,
            at=now,
            note=note,
            public=False,
            status=transfer.status,
        )
    return 1


def transfers_sweep(*, now=None, limit=500):
    """The beat backstop: every open transfer past its due time without its reminder, once."""
    now = now or hall_clock.now()
    ids = list(
        PaperTransfer.objects.filter(overdue_at__isnull=True, due_at__lt=now)
        .exclude(status=TransferStatus.RECEIVED)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(transfer_mark_overdue(transfer_id=pk, now=now) for pk in ids)


# ------------------------------------------------------------------ 跨域通办


def handoff_create(*, case, by, region_code, region_name, note=""):
    """Hand the case to another city's platform: the record and its event now, the POST on commit."""
    from network.crossregion import build_payload

    region_code, region_name = (region_code or "").strip(), (region_name or "").strip()
    if not region_code or not region_name:
        raise ValidationError({"region_code": [_("请填写对方地区代码和平台名称。")]})
    with transaction.atomic():
        case = lock_case(case)
        if not policies.may_hand_off(staff_profile_of(by), case):
            raise PermissionDenied(_("只有收件大厅的综合受理窗口可以办理跨域通办转出。"))
        if case.state in (CaseState.DRAFT, CaseState.SUBMITTED, CaseState.DELIVERED, CaseState.WITHDRAWN):
            raise CaseConflict(_("办件当前状态为“%(state)s”，不能跨域转出。") % {"state": case.get_state_display()})
        if CrossRegionHandoff.objects.filter(case=case, region_code=region_code).exists():
            raise CaseConflict(_("该办件已转出至%(name)s。") % {"name": region_name})
        now = hall_clock.now()
        handoff = CrossRegionHandoff(
            case=case, region_code=region_code, region_name=region_name, created_by=by, created_at=now
        )
        handoff.payload = build_payload(case=case, handoff=handoff, note=note, masked=True)
        handoff.save()
        write_event(
            case,
            action=Action.CROSS_REGION_HANDOFF,
            from_state=case.state,
            by=by,
            at=now,
            note=_("%(hall)s将办件转至%(region)s办理（跨域通办）") % {"hall": case.hall.name, "region": region_name},
            payload={"handoff": str(handoff.delivery_id), "region_code": region_code, "region": region_name},
        )
    handoff_id = handoff.pk

    def send():
        from network import tasks

        try:
            tasks.send_handoff.delay(handoff_id)
        except Exception:
            logger.exception("could not enqueue cross-region handoff %s", handoff_id)

    transaction.on_commit(send)
    return handoff


def case_hand_off(*, case, by, region_code, region_name, note=""):
    """The `cross-region` action row: hand the case off and answer with the case."""
    handoff_create(case=case, by=by, region_code=region_code, region_name=region_name, note=note)
    return Case.objects.get(pk=case.pk)


def handoff_send(*, handoff_id, client=None):
    """POST the handoff through the configured client (it retries); record the outcome."""
    from network.crossregion import HandoffError, build_payload, get_client

    handoff = (
        CrossRegionHandoff.objects.select_related("case", "case__hall", "case__item", "case__item_version")
        .filter(pk=handoff_id)
        .exclude(status=HandoffStatus.SENT)
        .first()
    )
    if handoff is None:
        return None
    client = client or get_client()
    # The full body is made now from the case (the row keeps a masked copy of what was sent).
    payload = build_payload(case=handoff.case, handoff=handoff, note=handoff.payload.get("note", ""))
    try:
        answer = client.send(delivery_id=str(handoff.delivery_id), payload=payload)
    except HandoffError as exc:
        CrossRegionHandoff.objects.filter(pk=handoff.pk).update(
            status=HandoffStatus.FAILED, attempts=handoff.attempts + exc.attempts, last_error=str(exc)[:500]
        )
        return HandoffStatus.FAILED
    CrossRegionHandoff.objects.filter(pk=handoff.pk).update(
        status=HandoffStatus.SENT,
        attempts=handoff.attempts + answer.attempts,
        sent_at=hall_clock.now(),
        remote_reference=(answer.reference or "")[:60],
        last_error="",
    )
    return HandoffStatus.SENT
